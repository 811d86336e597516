pub mod home;
pub mod invitation;
pub mod layout;
pub mod login;
pub mod not_found;
pub mod password;
