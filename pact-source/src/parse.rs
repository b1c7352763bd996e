//! Reading and parsing files, once each, in parallel.

use std::path::Path;

use rayon::prelude::*;

use crate::discover::SourceFile;
use crate::language::Language;
use crate::loc::count_loc;
use crate::model::ParsedFile;
use crate::text::decode;
use crate::{python, rust_lang, typescript};

/// Reads and parses every file in parallel (rayon's global pool). The result is in the
/// same order as `files`. A file that cannot be read is returned with `read_error`
/// set rather than dropped.
pub fn parse_files(files: &[SourceFile]) -> Vec<ParsedFile> {
    files.par_iter().map(parse_file).collect()
}

/// Reads and parses one file.
pub fn parse_file(file: &SourceFile) -> ParsedFile {
    match std::fs::read(&file.absolute_path) {
        Ok(bytes) => parse_bytes(&file.path, &file.absolute_path, file.language, &bytes),
        Err(err) => {
            let mut parsed =
                ParsedFile::empty(file.path.clone(), file.absolute_path.clone(), file.language);
            parsed.size_bytes = file.size_bytes;
            parsed.read_error = Some(err.to_string());
            parsed
        }
    }
}

/// Parses in-memory source as if it were the file `path` (root-relative, `/`-separated;
/// its name decides `__init__`, `.tsx` and similar). Never panics, whatever the bytes.
pub fn parse_source(path: &str, language: Language, bytes: &[u8]) -> ParsedFile {
    parse_bytes(path, Path::new(path), language, bytes)
}

fn parse_bytes(path: &str, absolute: &Path, language: Language, bytes: &[u8]) -> ParsedFile {
    let mut parsed = ParsedFile::empty(path.to_owned(), absolute.to_path_buf(), language);
    parsed.size_bytes = bytes.len() as u64;
    let (text, valid) = decode(bytes);
    parsed.invalid_utf8 = !valid;
    parsed.loc = count_loc(language, &text);
    let file_name = path.rsplit('/').next().unwrap_or(path);
    match language {
        Language::Python => {
            let is_init = file_name == "__init__.py" || file_name == "__init__.pyi";
            python::extract(&mut parsed, &text, is_init);
        }
        Language::Typescript | Language::Javascript => {
            typescript::extract(&mut parsed, &text, file_name);
        }
        Language::Rust => rust_lang::extract(&mut parsed, &text),
    }
    parsed
}
