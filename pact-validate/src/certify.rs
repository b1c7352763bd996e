//! Certification: every artifact with its hash and the results it passed,
//! sealed by a hash over the whole document; and verification of all of it.
//!
//! The self-hash is SHA-256 over the document with `self_sha256` set to `""`,
//! serialised as compact JSON with every object's keys sorted (the same
//! canonical form used for hashing JSON artifacts).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pact_core::document::to_canonical_json;
use pact_core::input::Source;
use pact_core::layout::ProjectLayout;
use pact_core::model::{
    Certification, CertifiedArtifact, CertifiedResult, GateFinding, GateResult, TestResults,
    Timestamp,
};
use pact_core::{Code, Failure};

use crate::error::ValidateError;
use crate::gate::{self, Options, finding};
use pact_project::hash;

/// The self-hash of a certification.
pub fn self_hash(cert: &Certification) -> String {
    let mut copy = cert.clone();
    copy.self_sha256 = String::new();
    let value = serde_json::to_value(&copy).unwrap_or_default();
    hash::sha256(hash::canonical_json(&value).as_bytes())
        .as_str()
        .to_owned()
}

/// Builds the certification of a project as it is now.
pub fn certify(root: &Path, results: &[TestResults]) -> Result<Certification, ValidateError> {
    pact_project::load::check_root(root)?;
    let artifacts = hash::artifacts(root)?;
    let mut certified: Vec<CertifiedResult> = results
        .iter()
        .map(|r| CertifiedResult {
            component: r.component_id.clone(),
            visibility: r.visibility,
            passed: r.summary.passed,
            total: r.summary.total,
            independent: r.summary.independent,
            sandboxed: r.sandboxed,
        })
        .collect();
    certified.sort_by(|a, b| (&a.component, a.visibility).cmp(&(&b.component, b.visibility)));
    let mut cert = Certification {
        kind: Default::default(),
        version: Default::default(),
        tool_version: pact_core::VERSION.to_owned(),
        certified_at: Timestamp::now(),
        artifacts,
        results: certified,
        self_sha256: String::new(),
    };
    cert.self_sha256 = self_hash(&cert);
    Ok(cert)
}

/// Compares a certification with the project now: one finding per changed,
/// removed or added artifact, and one if the document itself was altered.
pub fn verify(root: &Path, cert: &Certification) -> Result<Vec<GateFinding>, ValidateError> {
    let opts = Options::default();
    let mut out = Vec::new();
    if self_hash(cert) != cert.self_sha256 {
        out.push(finding(
            &opts,
            "V100",
            ProjectLayout::relative_name(ProjectLayout::certification),
            "self_sha256",
            "the certification was edited after it was written (its self-hash does not match); certify again",
        ));
    }
    let now: BTreeMap<String, CertifiedArtifact> = hash::artifacts(root)?
        .into_iter()
        .map(|a| (a.path.clone(), a))
        .collect();
    let then: BTreeMap<&str, &CertifiedArtifact> = cert
        .artifacts
        .iter()
        .map(|a| (a.path.as_str(), a))
        .collect();
    for (path, old) in &then {
        match now.get(*path) {
            None => out.push(finding(
                &opts,
                "V102",
                *path,
                "",
                format!("{path} was certified but is gone; restore it or certify again"),
            )),
            Some(new) if new.sha256 != old.sha256 => out.push(finding(
                &opts,
                "V101",
                *path,
                "",
                format!(
                    "{path} changed since certification (sha256 {} now {}); restore it or certify again",
                    &old.sha256.as_str()[..12],
                    &new.sha256.as_str()[..12]
                ),
            )),
            Some(_) => {}
        }
    }
    for path in now.keys() {
        if !then.contains_key(path.as_str()) {
            out.push(finding(
                &opts,
                "V103",
                path.clone(),
                "",
                format!("{path} was added after certification; remove it or certify again"),
            ));
        }
    }
    gate::sort(&mut out);
    Ok(out)
}

pub fn run_certify(project: &Path, results: &[PathBuf]) -> Result<Code, Failure> {
    let mut docs = Vec::new();
    for r in results {
        docs.push(
            Source::File(r.clone())
                .read_document::<TestResults>()
                .map_err(ValidateError::from)?,
        );
    }
    // The gate must pass first: a project that fails it is not certified.
    let result = crate::validate(project, &Options::default(), false)?;
    if !result.passed {
        let paint = pact_core::term::Paint::for_stream(pact_core::term::Stream::Stderr);
        let table = crate::report::findings_table(&result.findings, paint);
        return Err(Failure::new(
            Code::CheckFailed,
            format!(
                "not certified: the gate fails with {} error(s)\n{table}",
                result.summary.errors
            ),
        )
        .hint("fix the errors (`pact-validate` lists them), then certify again"));
    }
    let cert = certify(project, &docs)?;
    let path = ProjectLayout::new(project).certification();
    pact_core::fs::write_atomic(&path, to_canonical_json(&cert).as_bytes())
        .map_err(ValidateError::from)?;
    pact_core::cli::emit(format!(
        "certified {} artifacts and {} result(s) in {}\n",
        cert.artifacts.len(),
        cert.results.len(),
        path.display()
    ))?;
    Ok(Code::Success)
}

pub fn run_verify(project: &Path, json: bool) -> Result<Code, Failure> {
    pact_project::load::check_root(project)?;
    let path = ProjectLayout::new(project).certification();
    if !path.exists() {
        return Err(ValidateError::NoCertification(path).into());
    }
    let cert: Certification = Source::File(path)
        .read_document()
        .map_err(ValidateError::from)?;
    let findings = verify(project, &cert)?;
    let result = GateResult::new(findings, false);
    if json {
        pact_core::cli::emit(to_canonical_json(&result))?;
    } else if result.passed {
        pact_core::cli::emit(format!(
            "verified: {} artifacts unchanged since {}\n",
            cert.artifacts.len(),
            cert.certified_at
        ))?;
    } else {
        let paint = pact_core::term::Paint::for_stream(pact_core::term::Stream::Stdout);
        let mut text = crate::report::findings_table(&result.findings, paint);
        text.push_str(&format!(
            "{} {} difference(s) from the certification of {}\n",
            paint.error("NOT VERIFIED:"),
            result.findings.len(),
            cert.certified_at
        ));
        pact_core::cli::emit(text)?;
    }
    Ok(if result.passed {
        Code::Success
    } else {
        Code::CheckFailed
    })
}
