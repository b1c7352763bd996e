//! What the loader found wrong with the project's files before any document
//! is looked at: directories that cannot be component ids (V008) and symbolic
//! links leading outside the project (V080).

use pact_core::model::GateFinding;
use pact_project::load::Project;

use super::{Options, finding};

pub(super) fn check(project: &Project, opts: &Options, out: &mut Vec<GateFinding>) {
    for bad in &project.bad_dirs {
        out.push(finding(
            opts,
            "V008",
            bad.path.clone(),
            "",
            format!(
                "`{}` is not a valid component id ({}); rename the directory to a component id",
                bad.path, bad.reason
            ),
        ));
    }
    for link in &project.escaping_links {
        out.push(finding(
            opts,
            "V080",
            link.path.clone(),
            "",
            format!(
                "symbolic link to `{}` leads outside the project; it is never followed. Replace it with the file itself",
                link.target
            ),
        ));
    }
}
