/// Every piece of text the interface shows. Add a name here, and the compiler asks for
/// its English text; `Msg::ALL` lists them all for the completeness tests.
macro_rules! messages {
    ($($name:ident),* $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($name),*
        }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];
        }
    };
}

messages! {
    AppName,
    DemoBanner,
    SkipToContent,
    Loading,
    SignInTitle,
    EmailLabel,
    PasswordLabel,
    SignIn,
    SignInFailed,
    SignInThrottled,
    SessionEnded,
    SignedOut,
    HaveCode,
    SetPasswordTitle,
    SetPasswordIntro,
    CodeLabel,
    NewPasswordLabel,
    ConfirmPasswordLabel,
    PasswordHint,
    SetPassword,
    CodeRefused,
    PasswordSet,
    SignOut,
    SignedInAs,
    ChangePasswordTitle,
    CurrentPasswordLabel,
    ChangePassword,
    CurrentPasswordWrong,
    PasswordChanged,
    ProblemEmailInvalid,
    ProblemPasswordTooShort,
    ProblemPasswordTooLong,
    ProblemPasswordsDiffer,
    ProblemCodeInvalid,
    ProblemRequired,
    PatientHomeTitle,
    TimelinePlaceholder,
    CallCentre,
    CallCentreWhen,
    CaregiverHomeTitle,
    NurseHomeTitle,
    NoPatients,
    ColumnPatient,
    ColumnName,
    ColumnEmail,
    ColumnRole,
    ColumnCentre,
    ResearcherHomeTitle,
    ExportPlaceholder,
    AdminHomeTitle,
    RolePatient,
    RoleCaregiver,
    RoleNurse,
    RoleResearcher,
    RoleAdmin,
    ErrorUnavailable,
    ErrorForbidden,
    ErrorNotFound,
    BackHome,
}
