/// Every piece of text the interface shows. Add a name here and its text in each language's
/// table (`en.rs`…, or `research/en.rs`… for the research pages); `Msg::ALL` lists them all
/// for the completeness tests, which fail on any text missing.
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
    AppName, DemoBanner, SkipToContent, Loading, SignInTitle, EmailLabel, PasswordLabel, SignIn, SignInFailed,
    SignInThrottled, SessionEnded, SignedOut, HaveCode, SetPasswordTitle, SetPasswordIntro, CodeLabel,
    NewPasswordLabel, ConfirmPasswordLabel, PasswordHint, SetPassword, CodeRefused, PasswordSet, SignOut,
    SignedInAs, ChangePasswordTitle, CurrentPasswordLabel, ChangePassword, CurrentPasswordWrong, PasswordChanged,
    AccountDeactivated, AwaitingConfirmation, CodeIssuedByOther, AwaitingTitle, AwaitingExplain, AwaitingMadeBy,
    ConfirmAccount, Deactivate, Reactivate, StatusDeactivated, StatusAwaiting,
    ProblemEmailInvalid, ProblemPasswordTooShort, ProblemPasswordTooLong, ProblemPasswordsDiffer,
    ProblemCodeInvalid, ProblemRequired, CallCentre, CallCentreWhen, CaregiverHomeTitle, NurseHomeTitle,
    NoPatients, ColumnPatient, ColumnName, ColumnEmail, ColumnRole, ColumnCentre, ResearcherHomeTitle,
    DatasetScores, DatasetItems, DatasetDiary, DatasetFlags, DatasetJourneys, FormatCsv, FormatFhir,
    ExportNewTitle, ExportKHint, ExportDatasetsLegend, ExportFormatsLegend, ExportProjectLabel, ExportNoProject,
    ExportCreate, ExportReadyTitle, ExportSummaryText, ExportDownloadZip, ExportDownloadFiles, ExportComplete,
    ExportFailed, ExportProgressText, ProjectNameLabel, ConsentTitle, ConsentExplain, ConsentNever, ConsentGivenOn, ConsentWithdrawnOn, ConsentViaPaper,
    ConsentViaApp, ConsentGive, ConsentWithdraw, ConsentSignedOn, ConsentRecordPaper, ConsentRecordWithdrawal,
    AdminHomeTitle, RolePatient, RoleCaregiver, RoleNurse, RoleResearcher, RoleAdmin, ErrorUnavailable,
    ErrorForbidden, ErrorNotFound, BackHome, ProblemTooLong, ProblemDateInvalid, ProblemDateInFuture,
    ProblemPhoneInvalid, ProblemChoiceInvalid, ProblemTimeZoneInvalid, ProblemEmailTaken, ErrorInvalid,
    EnrolTitle, FullNameLabel, DateOfBirthLabel, SexLabel, SexFemale, SexMale, SexOther, SexUnknown, PhoneLabel,
    LanguageLabel, TimeZoneLabel, TimeZoneHint, Enrol, CodeIssued, NewCode, InviteCaregiverTitle, ManageCaregivers, NameLabel,
    Invite, CaregiversTitle, NoCaregivers, Revoke, AddStaffTitle, RoleLabel, CentreLabel, NoCentre, AddStaff,
    AddCentreTitle, CountryLabel, HotlineLabel, AddCentre, Saved, AuditTitle, ColumnWhen, ColumnWho,
    ColumnAction, ColumnAddress, FilterPatient, FilterActor, Filter, ChangePasswordLink, MsReferral,
    MsEligibility, MsApheresis, MsCellsShipped, MsManufacturingStarted, MsProductReleased, MsProductShipped,
    MsProductReceived, MsBridging, MsLymphodepletion, MsInfusion, MsDischarge, MsStayNearEnds, MsDrivingEnds,
    MsFollowUpDay, MsFollowUpYear, StPlanned, StConfirmed, StDone, StDelayed, StCancelled, StLate,
    StagePreparing, StageCellsInProduction, StageAwaitingInfusion, StageCloseMonitoring, StageFollowUp,
    StageNoTreatment, TimelineTitle, PatientTimelineTitle, DayCounter, WaitingForCells, NotStartedYet, NextStep,
    YouAreHere, WhatLabel, WhyLabel, TodoLabel, BringLabel, WaitingTitle, WaitingAt, ExpectedRelease,
    WaitingDelayed, WaitingOnTrack, WaitingReturnedIn, WaitingPublished, WaitingPublishedAbout, PlanChanged, PlanChangedWhy, StayNearHours, StayNear, NoDriving,
    NoTreatmentYet, TimesInZone, TreatmentClosedNote, WholeJourney, JourneyTitle, AlertCardLink, AlertCardTitle,
    AlertCardPatient, AlertCardProduct, AlertCardInfusion, AlertCardInfusionPlanned, AlertCardCentre,
    AlertCardHotline, AlertCardForDoctors, AlertCardRisk, AlertCardCarry, PrintCard, EditorTitle, MilestoneLabel,
    ActionLabel, ActSet, ActConfirm, ActDelay, ActDone, ActCancel, ActRemanufacture, DateLabel, ReasonLabel,
    ReasonHint, Preview, SaveChange, PreviewTitle, PreviewNothing, PreviewNotice, ChangeSaved, ConflictsTitle,
    ConflictLine, HistoryTitle, HistoryNone, SourceNurse, SourceIntegration, StartTreatmentTitle, ProductLabel,
    OrderReferenceLabel, OrderReferenceHint, StartOnLabel, StartTreatment, CloseTreatmentTitle, CloseStatusLabel,
    TsActive, TsCompleted, TsWithdrawn, TsTransferred, TsDeceased, CloseTreatment, OpenPatient, BoardNext,
    BoardConflict, ErrorStale, ProblemOrderReferenceTaken, ProblemOrderReferenceInvalid,
    ProblemOrderReferenceHasName, ProblemActiveTreatmentExists, ProblemDateTooFar, EdUnknownMilestone, EdTooFar,
    EdDoneInFuture, EdMustFollow, EdMustPrecede, EdDelayNotLater, EdCannotCancel, EdAlreadyDone,
    EdRemanufactureOnly, JourneysTitle, JourneysIntro, ProductsTitle, RulesTitle, RuleLine, StepFirst, StepAfter,
    StepBefore, IntegrationsTitle, IntegrationsIntro, IntegrationNameLabel, CreateIntegration, IntegrationSecret,
    RevokeIntegration, IntegrationRevoked, IntegrationProductsLegend, IntegrationCentreLabel,
    IntegrationEveryCentre, IntegrationScope, FlagsTitle, InboxTitle, InboxEmpty, InboxUnavailable, InboxOpen,
    InboxMarkRead, ReminderSent, ReminderFailed, ReminderPending, ReminderToPatient, ReminderToCaregiver,
    FlagsNone, FlagsOverdue, FlagLevelUrgent, FlagLevelHigh, FlagLevelReview, FlagRaised, FlagAcknowledge,
    FlagSeenBy, FlagResolveNote, FlagResolve, CheckinsTitle, QuestionnairesTitle, QuestionnairesIntro,
    QuestionnaireJsonLabel, ImportQuestionnaire, QuestionnaireImported, QuestionnaireBuiltIn,
    QuestionnaireNotImported, TrendTemperature, TrendGoal, CheckinsReviewTitle, CaregiverWellbeing,
    ReportedByCaregiver, CheckinLate, CheckinAboutYou, CheckinDueNow, CheckinOverdue, CheckinNext,
    CheckinAdviceCallNow, CheckinAdviceEmergency, CheckinAdviceCrisis, CheckinAdviceWhy, CheckinSend,
    CheckinSent, CheckinSentLate, CheckinNotSent, CheckinUnchecked, CheckinFixItems, CheckinNurseWillLook, AnswerYes, AnswerNo,
    DiaryNoneOfThese, DiaryNoneOfTheseHint,
    ProblemAnswerRequired, ProblemAnswerRange, ProblemAnswerChoice, ProblemAnswerTooLong, ProblemAnswerOther,
    ProblemNameTaken, ProblemPushEndpointInvalid, ProblemPushKeysInvalid, ProblemDateRangeReversed,
    ProblemFhirNeedsAnswers, ProblemTooFewPatients, AccountsTitle, TimeZoneTitle, TimeZoneNow, TimeZoneSave,
    TimeZoneSaved, SettingsLink, SettingsTitle, PushPanelSummary, PushExplain, PushEnable, PushUnsupported,
    PushInstall, PushDenied, PushWorking, PushDone, PushFailed, DevicesTitle, DevicesNone, DeviceAdded,
    DeviceLastReached, DeviceRemove, ReminderKindsTitle, KindAppointments, KindCheckins, KindTemperature,
    KindRestrictions, KindPlanChanges, KindUrgent, QuietHoursTitle, QuietHoursExplain, QuietFrom, QuietUntil,
    SettingsSave, SettingsSaved, SettingsInvalid, ReminderInAppOnly, PushKeyTitle, PushKeyExplain, PushKeyRotate,
    PushKeyRotated, InvitationAccepted, InvitationExistingAccount, CaregiverInvited, CaregiverInvitationExpired, CancelInvitation, ProblemDateNotAhead, ProblemQuarterInvalid, ProblemCohortRefused, ResearchProjectsTitle, ResearchProjectsIntro, ProjectProductsLegend, ProjectFromQuarter, ProjectToQuarter, ProjectCentresLegend, ProjectDatasetsLegend, ProjectEthicsLabel, ProjectDuaLabel, ProjectResearchersLegend, ProjectExpiresLabel, ProjectApprove, ProjectApproved, ProjectsNone, ColumnProject, ColumnCohort, ColumnDatasets, ColumnPatients, ColumnExpires, ProjectAllProducts, ProjectAnyPeriod, ErrorTooMany, ProblemProjectExpired, ExportProjectLine, ProblemBudgetSpent, ProblemEpsilonInvalid, ProjectEpsilonLabel, ProjectEpsilonHint, ColumnPrivacyBudget,
    LockScreenTitle, LockScreenExplain, LockScreenDetail, LockScreenWarning, NotificationDiscreetTitle, NotificationDiscreetUrgentTitle, NotificationDiscreetBody,
    OfflineTitle, OfflineExplain, OfflineEmergencyTitle, OfflineOtherNumbers, OfflineHotlineWhere, OfflineTryAgain,
    KeepPlanTitle, KeepPlanExplain, KeepPlanWhoCanRead, KeepPlanButton, KeepPlanDrop, KeepPlanKept, KeepPlanNone, KeepPlanFailed, KeepPlanUnsupported, ForgetPhoneTitle, ForgetPhoneExplain, ForgetPhoneButton, OfflineSaved, OfflineSavedSignIn, OfflineUnsent, OfflineUnsentOther, OfflineRefused, OfflinePlanUpdated, OfflineAnswerNow, SignedOutKept, SignedOutSent, CheckinArrivedLater,
    LanguageExplain, LanguageSave, LanguageSaved, InstrumentInEnglish,
    HistSet, HistConfirm, HistDelay, HistDone, HistCancel, HistRemanufacture, HistClosed, EvApheresisReceived, EvManufacturingStarted, EvProductReleased, EvOutOfSpecification, EvShipped, EvDelivered, EvDelayed, StepOptional,
    BandMinimal, BandMild, BandModerate, BandModeratelySevere, BandSevere, BandNormal, BandBelowCutoff, BandAtOrAboveCutoff, ScaleTotal, ScaleAnxiety, ScaleDepression, StepAfterRule,
    PasskeySignIn, PasskeysTitle, PasskeysExplain, PasskeyCreate, PasskeysNone, PasskeyItem, PasskeyCreatedOn, PasskeyLastUsed, PasskeyNeverUsed, PasskeyRemove, PasskeyUnsupported, PasskeyCancelled, PasskeyWorking, PasskeyAdded, PasskeyFailed, PasskeyRemoved, OwnDeviceLabel, OwnDeviceExplain, OwnDeviceSave, OwnDeviceSaved, OwnDeviceUnknown,
    CalendarName, CalendarVisit, CalendarTravelFree, CalendarDrivingFree, CalendarTitle, CalendarExplain, CalendarPrivate, CalendarFor, CalendarAddressLabel, CalendarOpen, CalendarDetailedLabel, CalendarTitlesNeutral, CalendarTitlesDetailed, CalendarMake, CalendarRemake, CalendarRevoke, CalendarMade, CalendarRevoked,
    ProblemTooManyQuestions, QuestionsTitle, QuestionsExplain, QuestionsNotUrgent, QuestionsNextVisit, QuestionsNone, QuestionLabel, QuestionAdd, QuestionTakeBack, QuestionMarkDiscussed, QuestionAskedBy, QuestionDiscussedOn, CheckinResumed,
    ResultsTitle, ResultsIntro, ResultsNone, ResultsOverTime, ResultsFeverLine, ResultsAnswers, ResultsSeenOn, ResultsCrisis, ResultsCrisisNow, ResultsScoreBand, ResultsScore, ResultsAlarmingNext, ResultsTeamTold, ResultsTeamAtVisit, TeamToldAtOnce, TeamToldSoon, TeamToldAtReview, TeamToldNothing,
    MyDataTitle, MyDataIntro, MyDataPdf, MyDataPdfHint, MyDataFhir, MyDataFhirHint, MyDataPrivate, SummaryTitle, SummaryAbout, SummaryTimeline, SummaryScores, SummaryQuestions, SummaryNoTimeline, SummaryNoScores, SummaryNoQuestions, SummaryMore, SummaryEmergency,
    HelpTitle, HelpNone, HelpLodging, HelpTravel, HelpParking, HelpPacking, HelpStayLabel, HelpStayCentre, HelpStaySave, HelpStaySaved, HelpEmergencyHere, HelpAdminTitle, HelpAdminExplain, CentreLanguageLabel, HelpSave, HelpSaved, HelpStayingIn,
    DelaySlot, DelayShipping, DelayOutOfSpecification, DelayPatientCondition, DelayOther, DelayReasonLabel, DelayReasonNone, DelayReasonHint, DelayBecause, PastDelaysLasted,
    KindMessages, ProblemTooManyWaiting, ProblemReplyHoursInvalid, MessagesTitle, MessagesExplain, MessagesNotEmergency, MessagesPromise, MessagesNone, MessageLabel, MessageSend, MessageSendAnyway, MessageAdviceFirst, MessageSent, MessageWaiting, MessageTeamAuthor, MessageRedFlagNote, MessagesWaited, MessagesOverdue, MessageReplyLabel, MessageReplySend, MessageReplied, MessagesWaitingTitle, MessagesWaitingNone, MessagesWaitingSince, MessagesWaitingRedFlag, ReplyHoursLabel, ReplyHoursSave, ReplyHoursSaved,
}
