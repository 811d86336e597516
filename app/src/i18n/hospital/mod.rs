//! The texts of the hospital's side: the hospital number at enrolment, and the admins'
//! page of hospital systems (allowed origins, red-flag webhooks, their deliveries).
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
