//! Prints the parsed JSON of a file: `cargo run --example dump -- FILE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        return;
    };
    let Some(language) = pact_source::Language::from_path(std::path::Path::new(&path), true) else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap_or_default();
    let parsed = pact_source::parse_source(&path, language, &bytes);
    eprintln!(
        "{}",
        serde_json::to_string_pretty(&parsed).unwrap_or_default()
    );
}
