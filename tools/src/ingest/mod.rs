//! Growing the dataset from new documents: amounts and names read from
//! text, records proposed with the lines that support them, and the
//! evidence check every record (proposed or already in the dataset) must
//! pass against its cited lines.

pub mod amounts;
pub mod evidence;
pub mod extract;
mod names;
mod never;
mod romaji;
mod text;

pub use amounts::{Amount, AmountUnit, amounts, same_amount};
pub use evidence::{Claim, Documents, Finding, check, check_dataset};
pub use extract::{Draft, Evidence, RecordType, extract, not_drafted};
