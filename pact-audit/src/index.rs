//! The project as a searchable corpus: every contract element and every test
//! case as a bag of stemmed terms, with inverted indexes and the rarity weight
//! (inverse document frequency) of each term.

use std::collections::HashMap;
use std::ops::Range;

use pact_core::ComponentId;
use pact_core::model::{ComponentContract, TestSuite, Visibility};

use crate::project::AuditProject;
use crate::terms::Analyzer;

/// One contract element: its path in the contract and its terms.
#[derive(Debug)]
pub struct Element {
    pub path: String,
    /// Sorted, unique term ids.
    pub terms: Vec<u32>,
}

/// One test case.
#[derive(Debug)]
pub struct TestDoc {
    pub component: u32,
    pub id: String,
    pub visibility: Visibility,
    pub terms: Vec<u32>,
}

#[derive(Debug, Default)]
pub struct Index {
    vocab: HashMap<String, u32>,
    pub components: Vec<ComponentId>,
    pub elements: Vec<Element>,
    /// The elements of component `i`.
    pub ranges: Vec<Range<usize>>,
    pub tests: Vec<TestDoc>,
    /// Term → components whose contract has it (sorted, unique).
    component_postings: Vec<Vec<u32>>,
    /// Term → test cases that have it.
    test_postings: Vec<Vec<u32>>,
    idf: Vec<f64>,
    unseen_idf: f64,
}

impl Index {
    pub fn build(project: &AuditProject, analyzer: &Analyzer) -> Self {
        let mut index = Self::default();
        let mut ids: Vec<&ComponentId> = project
            .contracts
            .keys()
            .chain(project.suites.keys())
            .chain(project.hidden_suites.keys())
            .collect();
        ids.sort();
        ids.dedup();
        let position: HashMap<&ComponentId, u32> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        for id in &ids {
            let start = index.elements.len();
            if let Some(contract) = project.contracts.get(*id) {
                for (path, text) in contract_elements(contract) {
                    let terms = index.intern(analyzer, &text);
                    index.elements.push(Element { path, terms });
                }
            }
            index.ranges.push(start..index.elements.len());
            index.components.push((*id).clone());
        }
        // Keyed by directory, as the component ids above were collected.
        for (dir, suite) in project.suites.iter().chain(project.hidden_suites.iter()) {
            let Some(&component) = position.get(dir) else {
                continue;
            };
            for (id, text) in test_texts(suite) {
                let terms = index.intern(analyzer, &text);
                index.tests.push(TestDoc {
                    component,
                    id,
                    visibility: suite.visibility,
                    terms,
                });
            }
        }
        index.finish();
        index
    }

    fn intern(&mut self, analyzer: &Analyzer, text: &str) -> Vec<u32> {
        let mut terms: Vec<u32> = analyzer
            .terms(text)
            .into_iter()
            .map(|t| {
                let next = u32::try_from(self.vocab.len()).unwrap_or(u32::MAX);
                *self.vocab.entry(t.stem).or_insert(next)
            })
            .collect();
        terms.sort_unstable();
        terms.dedup();
        terms
    }

    fn finish(&mut self) {
        let n = self.vocab.len();
        let mut df = vec![0u32; n];
        self.component_postings = vec![Vec::new(); n];
        self.test_postings = vec![Vec::new(); n];
        for (c, range) in self.ranges.iter().enumerate() {
            let c = u32::try_from(c).unwrap_or(u32::MAX);
            for e in &self.elements[range.clone()] {
                for &t in &e.terms {
                    df[t as usize] += 1;
                    let list = &mut self.component_postings[t as usize];
                    if list.last() != Some(&c) {
                        list.push(c);
                    }
                }
            }
        }
        for (i, test) in self.tests.iter().enumerate() {
            for &t in &test.terms {
                df[t as usize] += 1;
                self.test_postings[t as usize].push(u32::try_from(i).unwrap_or(u32::MAX));
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let docs = (self.elements.len() + self.tests.len()) as f64;
        self.idf = df
            .iter()
            .map(|&d| (1.0 + docs / (1.0 + f64::from(d))).ln())
            .collect();
        self.unseen_idf = (1.0 + docs).ln();
    }

    /// The id of a stem, when the project has it anywhere.
    pub fn term(&self, stem: &str) -> Option<u32> {
        self.vocab.get(stem).copied()
    }

    /// The rarity weight of a term; terms the project never uses weigh most.
    pub fn weight(&self, term: Option<u32>) -> f64 {
        term.map_or(self.unseen_idf, |t| self.idf[t as usize])
    }

    pub fn components_with(&self, term: u32) -> &[u32] {
        &self.component_postings[term as usize]
    }

    pub fn tests_with(&self, term: u32) -> &[u32] {
        &self.test_postings[term as usize]
    }
}

/// Each element of a contract that can carry a requirement, with its text.
pub fn contract_elements(c: &ComponentContract) -> Vec<(String, String)> {
    let mut out = vec![
        ("name".to_owned(), format!("{} {}", c.name, c.component_id)),
        ("description".to_owned(), c.description.clone()),
    ];
    for t in &c.types {
        let mut text = format!("{} {}", t.name, t.description);
        for f in &t.fields {
            text.push_str(&format!(" {} {}", f.name, f.description));
        }
        for v in &t.variants {
            text.push(' ');
            text.push_str(v);
        }
        out.push((format!("types[{}]", t.name), text));
    }
    for f in &c.functions {
        let mut text = format!("{} {} {}", f.name, f.description, f.output_type);
        for i in &f.inputs {
            text.push_str(&format!(" {} {} {}", i.name, i.type_ref, i.description));
        }
        out.push((format!("functions[{}]", f.name), text));
        for (i, p) in f.preconditions.iter().enumerate() {
            out.push((
                format!("functions[{}].preconditions[{i}]", f.name),
                p.clone(),
            ));
        }
        for (i, p) in f.postconditions.iter().enumerate() {
            out.push((
                format!("functions[{}].postconditions[{i}]", f.name),
                p.clone(),
            ));
        }
        for e in &f.errors {
            out.push((
                format!("functions[{}].errors[{}]", f.name, e.name),
                format!("{} {} {}", e.name, e.condition, e.error_type),
            ));
        }
    }
    for (i, inv) in c.invariants.iter().enumerate() {
        out.push((format!("invariants[{i}]"), inv.clone()));
    }
    out
}

/// Each test case of a suite with its text: id, description, function,
/// expected output or error, assertions and setup.
pub fn test_texts(s: &TestSuite) -> Vec<(String, String)> {
    s.cases
        .iter()
        .map(|c| {
            let mut text = format!(
                "{} {} {} {} {}",
                c.id, c.description, c.function, c.expected_output, c.setup
            );
            if let Some(e) = &c.expected_error {
                text.push(' ');
                text.push_str(e);
            }
            for a in &c.assertions {
                text.push(' ');
                text.push_str(a);
            }
            (c.id.clone(), text)
        })
        .collect()
}
