//! The words of a timeline's change history, which were once stored or shown in English:
//! what each change did, the manufacturing site's reports, a journey's optional steps, and
//! a score's severity band in the nurse's queue.
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
