//! Where input comes from: a file, or standard input when the path is `-` or
//! omitted and stdin is a pipe.

use std::fmt;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use crate::document::{Document, DocumentError, parse_document};

/// A named source of input, used in every message about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Stdin => f.write_str("<stdin>"),
            Self::File(p) => write!(f, "{}", p.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("no input: give a file path, or pipe a document into standard input")]
    NoInput,
    #[error("{0}: no such file")]
    NotFound(PathBuf),
    #[error("{0}: is a directory, expected a file")]
    IsDirectory(PathBuf),
    #[error("{input}: cannot read: {error}")]
    Read {
        input: Source,
        error: std::io::Error,
    },
}

/// A failure to read a document: either getting the bytes or understanding them.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Document(#[from] DocumentError),
}

impl Source {
    /// Chooses the source for an optional path argument. `-` means stdin; no path
    /// means stdin only when it is not a terminal (so a forgotten argument gives a
    /// clear error instead of a silent wait).
    pub fn from_arg(arg: Option<&Path>) -> Result<Self, InputError> {
        match arg {
            Some(p) if p.as_os_str() == "-" => Ok(Self::Stdin),
            Some(p) => Ok(Self::File(p.to_path_buf())),
            None if std::io::stdin().is_terminal() => Err(InputError::NoInput),
            None => Ok(Self::Stdin),
        }
    }

    /// Reads all bytes of the source.
    pub fn read_bytes(&self) -> Result<Vec<u8>, InputError> {
        match self {
            Self::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut buf)
                    .map_err(|error| InputError::Read {
                        input: self.clone(),
                        error,
                    })?;
                Ok(buf)
            }
            Self::File(path) => match std::fs::read(path) {
                Ok(bytes) => Ok(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Err(InputError::NotFound(path.clone()))
                }
                Err(e) if e.kind() == std::io::ErrorKind::IsADirectory || path.is_dir() => {
                    Err(InputError::IsDirectory(path.clone()))
                }
                Err(error) => Err(InputError::Read {
                    input: self.clone(),
                    error,
                }),
            },
        }
    }

    /// Reads and parses a document of type `D`.
    pub fn read_document<D: Document>(&self) -> Result<D, ReadError> {
        let bytes = self.read_bytes()?;
        Ok(parse_document(&bytes, self)?)
    }
}

/// Reads a document of type `D` from a path argument (see [`Source::from_arg`]).
pub fn read_document<D: Document>(arg: Option<&Path>) -> Result<D, ReadError> {
    Source::from_arg(arg)?.read_document()
}
