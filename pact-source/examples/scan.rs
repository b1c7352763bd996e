//! Discovers, parses and resolves a tree, printing timings and totals:
//! `cargo run --release --example scan -- DIR [--json] [--language NAME]`.
//! With `--json` the graph is written to /tmp/graph.json.
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first() else {
        eprintln!("usage: scan DIR [--json] [--language NAME]");
        return;
    };
    let json = args.iter().any(|a| a == "--json");
    let mut options = pact_source::DiscoverOptions::default();
    if let Some(position) = args.iter().position(|a| a == "--language")
        && let Some(language) = args
            .get(position + 1)
            .and_then(|l| <pact_source::Language as clap::ValueEnum>::from_str(l, true).ok())
    {
        options = pact_source::DiscoverOptions::for_language(language);
    }
    let root = std::path::PathBuf::from(root);
    let start = Instant::now();
    let discovery = match pact_source::discover(&root, &options) {
        Ok(d) => d,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    };
    let discovered = start.elapsed();
    let parsed = pact_source::parse_files(&discovery.files);
    let parsed_at = start.elapsed();
    let graph = pact_source::build_graph(&root, &parsed);
    let graph_at = start.elapsed();
    let index =
        pact_source::TestIndex::build_for(&discovery, &pact_source::DiscoverOptions::default());
    let coverage = index
        .as_ref()
        .map(|index| pact_source::map_test_coverage(&graph, &parsed, index))
        .unwrap_or_default();
    let total = start.elapsed();
    let errors = parsed.iter().filter(|f| !f.is_parsable()).count();
    let imports: usize = parsed.iter().map(|f| f.imports.len()).sum();
    let items: usize = parsed.iter().map(|f| f.items.len()).sum();
    let gaps = coverage.iter().filter(|c| c.is_gap()).count();
    eprintln!(
        "files {} (problems {}), unparsable {errors}, imports {imports}, items {items}",
        parsed.len(),
        discovery.problems.len()
    );
    eprintln!(
        "modules {}, edges {}, externals {}, unresolved {}, test files {}, gaps {gaps}",
        graph.modules.len(),
        graph.edges.len(),
        graph.externals.len(),
        graph.unresolved.len(),
        index.as_ref().map_or(0, |i| i.files.len()),
    );
    eprintln!(
        "discover {:?}, parse {:?}, graph {:?}, tests {:?}, total {:?} ({:.0} files/s)",
        discovered,
        parsed_at - discovered,
        graph_at - parsed_at,
        total - graph_at,
        total,
        parsed.len() as f64 / total.as_secs_f64()
    );
    if json {
        let out = serde_json::to_string(&graph).unwrap_or_default();
        eprintln!("graph json: {} bytes", out.len());
        std::fs::write("/tmp/graph.json", out).ok();
    }
}
