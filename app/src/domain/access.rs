//! Who may read which patient's record. The server asks this before every read;
//! keeping the rule here, without I/O, lets it be tested exhaustively.
use super::role::Role;

/// The signed-in person, as far as access decisions need to know them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    pub centre_id: Option<i64>,
    /// Patients this caregiver is linked to (and not revoked).
    pub linked_patient_ids: Vec<i64>,
}

/// The record being asked for: whose it is and where they are treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatientRecord {
    pub patient_id: i64,
    pub centre_id: i64,
}

pub fn may_read_patient(actor: &Actor, record: PatientRecord) -> bool {
    match actor.role {
        Role::Patient => actor.user_id == record.patient_id,
        Role::Caregiver => actor.linked_patient_ids.contains(&record.patient_id),
        Role::Nurse => actor.centre_id == Some(record.centre_id),
        // Researchers only ever get anonymised exports; admins manage accounts, not care.
        Role::Researcher | Role::Admin => false,
    }
}

/// Nurses enrol patients and invite caregivers only within their own centre.
pub fn may_manage_patients_of(actor: &Actor, centre_id: i64) -> bool {
    actor.role == Role::Nurse && actor.centre_id == Some(centre_id)
}

/// Consent to research use: the patient decides in the app; a nurse of their centre records
/// what the patient signed on paper. Nobody else, caregivers included.
pub fn may_record_research_consent(actor: &Actor, record: PatientRecord) -> bool {
    match actor.role {
        Role::Patient => actor.user_id == record.patient_id,
        Role::Nurse => actor.centre_id == Some(record.centre_id),
        Role::Caregiver | Role::Researcher | Role::Admin => false,
    }
}

pub fn may_manage_staff(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

pub fn may_read_audit_log(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(user_id: i64, role: Role, centre_id: Option<i64>, linked: &[i64]) -> Actor {
        Actor {
            user_id,
            role,
            centre_id,
            linked_patient_ids: linked.to_vec(),
        }
    }

    const OWN: PatientRecord = PatientRecord {
        patient_id: 10,
        centre_id: 1,
    };
    const SAME_CENTRE: PatientRecord = PatientRecord {
        patient_id: 11,
        centre_id: 1,
    };
    const OTHER_CENTRE: PatientRecord = PatientRecord {
        patient_id: 20,
        centre_id: 2,
    };

    #[test]
    fn research_consent_is_the_patients_own_or_their_nurses_to_record() {
        assert!(may_record_research_consent(
            &actor(10, Role::Patient, Some(1), &[]),
            OWN
        ));
        assert!(!may_record_research_consent(
            &actor(10, Role::Patient, Some(1), &[]),
            SAME_CENTRE
        ));
        assert!(may_record_research_consent(&actor(40, Role::Nurse, Some(1), &[]), OWN));
        assert!(!may_record_research_consent(&actor(40, Role::Nurse, Some(2), &[]), OWN));
        assert!(!may_record_research_consent(
            &actor(30, Role::Caregiver, None, &[10]),
            OWN
        ));
        assert!(!may_record_research_consent(
            &actor(50, Role::Researcher, None, &[]),
            OWN
        ));
        assert!(!may_record_research_consent(&actor(60, Role::Admin, None, &[]), OWN));
    }

    #[test]
    fn a_patient_reads_only_their_own_record() {
        let patient = actor(10, Role::Patient, Some(1), &[]);
        assert!(may_read_patient(&patient, OWN));
        assert!(!may_read_patient(&patient, SAME_CENTRE));
        assert!(!may_read_patient(&patient, OTHER_CENTRE));
    }

    #[test]
    fn a_caregiver_reads_only_linked_patients() {
        let caregiver = actor(30, Role::Caregiver, None, &[10]);
        assert!(may_read_patient(&caregiver, OWN));
        assert!(!may_read_patient(&caregiver, SAME_CENTRE));
        let revoked = actor(30, Role::Caregiver, None, &[]);
        assert!(!may_read_patient(&revoked, OWN));
    }

    #[test]
    fn a_nurse_reads_only_patients_of_their_centre() {
        let nurse = actor(40, Role::Nurse, Some(1), &[]);
        assert!(may_read_patient(&nurse, OWN));
        assert!(may_read_patient(&nurse, SAME_CENTRE));
        assert!(!may_read_patient(&nurse, OTHER_CENTRE));
        let unassigned = actor(41, Role::Nurse, None, &[]);
        assert!(!may_read_patient(&unassigned, OWN));
    }

    #[test]
    fn researchers_and_admins_read_no_identifiable_record() {
        for role in [Role::Researcher, Role::Admin] {
            let someone = actor(50, role, Some(1), &[10]);
            for record in [OWN, SAME_CENTRE, OTHER_CENTRE] {
                assert!(!may_read_patient(&someone, record), "{role:?}");
            }
        }
    }

    #[test]
    fn only_a_nurse_of_the_centre_manages_its_patients() {
        assert!(may_manage_patients_of(&actor(40, Role::Nurse, Some(1), &[]), 1));
        assert!(!may_manage_patients_of(&actor(40, Role::Nurse, Some(1), &[]), 2));
        assert!(!may_manage_patients_of(&actor(1, Role::Admin, None, &[]), 1));
    }
}
