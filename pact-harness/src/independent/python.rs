//! Replaying calls in Python: the harness's driver script, run by the same
//! interpreter as pytest with the same isolation and import path.

use std::path::Path;

use crate::process::Plan;
use crate::runner::pytest::{Interpreter, interpreter};
use crate::sandbox::View;
use crate::workspace::Workspace;
use crate::{HarnessError, Job, Settings};

use super::{Driver, Prepared};

const DRIVER: &str = include_str!("driver.py");
const DRIVER_FILE: &str = "driver/driver.py";

pub struct PythonDriver {
    python: Interpreter,
    component: String,
}

impl PythonDriver {
    pub fn new(job: &Job<'_>, settings: &Settings) -> Result<Self, HarnessError> {
        Ok(Self {
            python: interpreter(&settings.python)?,
            component: job.suite.component_id.as_str().to_owned(),
        })
    }
}

impl Driver for PythonDriver {
    fn prepare(&self, space: &Workspace, _settings: &Settings) -> Result<(), Prepared> {
        space.write(Path::new(DRIVER_FILE), DRIVER)?;
        Ok(())
    }

    fn plan(
        &self,
        space: &Workspace,
        _settings: &Settings,
        call: &Path,
        record: &Path,
        scratch: &Path,
    ) -> Result<Plan, HarnessError> {
        let ws = space.ws();
        let driver = space.private("driver")?;
        let mut args: Vec<std::ffi::OsString> = self
            .python
            .isolation()
            .into_iter()
            .map(Into::into)
            .collect();
        args.extend([driver.join("driver.py").into(), call.into(), record.into()]);
        // The same order as the runner's conftest.py: the component's own
        // directory, then src/ for its dependencies.
        let import_path =
            std::env::join_paths([ws.join("src").join(&self.component), ws.join("src")])
                .unwrap_or_default();
        let mut readable = self.python.installs.clone();
        // The code, the driver and the call are read-only to the process.
        readable.extend([ws, driver, call.parent().unwrap_or(call).to_path_buf()]);
        Ok(Plan {
            program: self.python.executable.clone().into(),
            args,
            cwd: scratch.to_path_buf(),
            env: vec![
                ("PACT_IMPORT_PATH".into(), import_path),
                ("PYTHONHASHSEED".into(), "0".into()),
            ],
            out_dir: record.parent().unwrap_or(scratch).to_path_buf(),
            tmp_dir: scratch.to_path_buf(),
            limit_address_space: true,
            view: View {
                readable,
                writable: Vec::new(),
            },
        })
    }
}
