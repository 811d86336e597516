use serde::{Deserialize, Serialize};

/// What a person is to the care centre; decides everything they may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Patient,
    Caregiver,
    Nurse,
    Researcher,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Patient,
        Role::Caregiver,
        Role::Nurse,
        Role::Researcher,
        Role::Admin,
    ];

    /// The stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Patient => "patient",
            Role::Caregiver => "caregiver",
            Role::Nurse => "nurse",
            Role::Researcher => "researcher",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// Staff are created by an admin; patients and caregivers are invited by care staff.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Nurse | Role::Researcher | Role::Admin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_survives_a_round_trip_through_its_stored_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
