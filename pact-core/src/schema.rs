//! The registry of document kinds: their JSON Schemas (generated from the types)
//! and a reader that accepts any kind.

use schemars::Schema;

use crate::document::{Document, DocumentError, decode_text, parse_document_str, read_header};
use crate::input::Source;
use crate::model;

/// What Pact knows about one document kind.
#[derive(Debug)]
pub struct KindInfo {
    pub kind: &'static str,
    pub version: u32,
    pub summary: &'static str,
    schema: fn() -> Schema,
    check: fn(&str, &Source) -> Result<(), DocumentError>,
    canonical: fn(&str, &Source) -> Result<String, DocumentError>,
}

impl KindInfo {
    /// The JSON Schema (draft 2020-12) of this kind.
    pub fn schema(&self) -> Schema {
        (self.schema)()
    }

    /// The schema as canonical pretty JSON with a final newline, as committed
    /// under `docs/schemas/`.
    pub fn schema_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.schema())
            .unwrap_or_else(|e| unreachable!("a schema always serialises: {e}"));
        s.push('\n');
        s
    }

    /// Reads a document of this kind and writes it back in canonical form.
    pub fn canonicalize(&self, bytes: &[u8], source: &Source) -> Result<String, DocumentError> {
        let text = decode_text(bytes, source, self.kind)?;
        (self.canonical)(text, source)
    }

    /// The file name of the committed schema, e.g. `pact.contract.schema.json`.
    pub fn schema_file_name(&self) -> String {
        format!("{}.schema.json", self.kind)
    }
}

fn schema_of<D: Document>() -> Schema {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<D>();
    schema.insert("title".to_owned(), D::KIND.into());
    schema.insert(
        "description".to_owned(),
        format!("{} (version {})", D::SUMMARY, D::VERSION).into(),
    );
    schema
}

fn canonical_of<D: Document>(text: &str, source: &Source) -> Result<String, DocumentError> {
    parse_document_str::<D>(text, source).map(|d| crate::document::to_canonical_json(&d))
}

fn check_of<D: Document>(text: &str, source: &Source) -> Result<(), DocumentError> {
    parse_document_str::<D>(text, source).map(|_| ())
}

macro_rules! registry {
    ($($t:ty),* $(,)?) => {
        &[$(KindInfo {
            kind: <$t as Document>::KIND,
            version: <$t as Document>::VERSION,
            summary: <$t as Document>::SUMMARY,
            schema: schema_of::<$t>,
            check: check_of::<$t>,
            canonical: canonical_of::<$t>,
        }),*]
    };
}

static KINDS: &[KindInfo] = registry!(
    model::Task,
    model::Interview,
    model::Shape,
    model::DecompositionTree,
    model::Research,
    model::ComponentContract,
    model::TestSuite,
    model::Implementation,
    model::TestResults,
    model::TestRun,
    model::GoodhartHints,
    model::LeakReport,
    model::Standards,
    model::BriefCheck,
    model::Diagnosis,
    model::Learning,
    model::BuildRecord,
    model::CompetitionResult,
    model::LedgerEntry,
    model::BudgetReport,
    model::RunState,
    model::AuditEntry,
    model::GateResult,
    model::Assessment,
    model::TaskList,
    model::Requirements,
    model::AuditReport,
    model::AuditReview,
    model::AuditVerdicts,
    model::Analysis,
    model::Checklist,
    model::Certification,
    model::Baseline,
    model::Adoption,
);

/// Every document kind, in pipeline order.
pub fn kinds() -> &'static [KindInfo] {
    KINDS
}

/// Looks a kind up by name; `contract` is accepted for `pact.contract`.
pub fn find(kind: &str) -> Option<&'static KindInfo> {
    KINDS
        .iter()
        .find(|k| k.kind == kind || k.kind.strip_prefix("pact.") == Some(kind))
}

/// Reads a document of any known kind, fully checked, and says which kind it was.
pub fn check_any(bytes: &[u8], source: &Source) -> Result<&'static KindInfo, DocumentError> {
    let text = decode_text(bytes, source, "Pact")?;
    let header = read_header(text, source, "Pact")?;
    let info = find_exact(&header.kind).ok_or_else(|| DocumentError::UnknownKind {
        input: source.clone(),
        found: header.kind.clone(),
        known: KINDS.iter().map(|k| k.kind).collect::<Vec<_>>().join(", "),
    })?;
    (info.check)(text, source)?;
    Ok(info)
}

/// Reads a document that must be of `info`'s kind.
pub fn check_kind(info: &KindInfo, bytes: &[u8], source: &Source) -> Result<(), DocumentError> {
    let text = decode_text(bytes, source, info.kind)?;
    (info.check)(text, source)
}

fn find_exact(kind: &str) -> Option<&'static KindInfo> {
    KINDS.iter().find(|k| k.kind == kind)
}
