//! The texts of staff sign-in through the hospital's OpenID provider: the sign-in page's
//! button, the page between the provider and the app, and the refusals.
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
