//! The LLM stages: each renders its prompt from minijinja templates (shipped
//! in `prompts/`, overridable by a project's `prompts/` directory), calls the
//! provider of its role for an answer of its draft schema, checks what a
//! schema cannot say, and writes its versioned document to stdout.

pub mod audit;
pub mod contract;
pub mod decompose;
pub mod diagnose;
pub mod implement;
pub mod integrate;
pub mod interview;
pub mod research;
pub mod shape;
pub mod tests;

use std::path::{Path, PathBuf};

use clap::Args;
use pact_core::config::ResearchDepth;
use pact_core::model::Task;
use pact_core::{Code, Failure};
use schemars::JsonSchema;
use serde_json::Value;

use crate::budget::{self, CallTags, Ledger, PriceTable};
use crate::call::Budgeted;
use crate::cassette::{Recorder, Replay};
use crate::command::{HTTP_REQUEST_KIND, Project, run_id};
use crate::provider::Provider;
use crate::request::{OutputSchema, Request};
use crate::route;
use crate::structured::{self, Policy};

/// Options every stage shares.
#[derive(Debug, Clone, Default, Args)]
pub struct StageArgs {
    /// The run the cost is counted under (default: $PACT_RUN_ID, else this process).
    #[arg(long, value_name = "ID")]
    pub run: Option<String>,
    /// Print the exact request instead of sending it (credentials redacted).
    #[arg(long)]
    pub dry_run: bool,
    /// Answer from this cassette instead of any provider.
    #[arg(long, value_name = "CASSETTE", conflicts_with = "record")]
    pub replay: Option<PathBuf>,
    /// Append every answer to this cassette (never keys or headers).
    #[arg(long, value_name = "CASSETTE")]
    pub record: Option<PathBuf>,
}

/// A stage's templates, shipped in the crate.
const SHIPPED: &[(&str, &str)] = &[
    (
        "interview.system",
        include_str!("../../prompts/interview.system.j2"),
    ),
    (
        "interview.user",
        include_str!("../../prompts/interview.user.j2"),
    ),
    (
        "decompose.system",
        include_str!("../../prompts/decompose.system.j2"),
    ),
    (
        "decompose.user",
        include_str!("../../prompts/decompose.user.j2"),
    ),
    (
        "implement.system",
        include_str!("../../prompts/implement.system.j2"),
    ),
    (
        "implement.user",
        include_str!("../../prompts/implement.user.j2"),
    ),
    (
        "contract.system",
        include_str!("../../prompts/contract.system.j2"),
    ),
    (
        "contract.user",
        include_str!("../../prompts/contract.user.j2"),
    ),
    (
        "tests.system",
        include_str!("../../prompts/tests.system.j2"),
    ),
    ("tests.user", include_str!("../../prompts/tests.user.j2")),
    (
        "shape.system",
        include_str!("../../prompts/shape.system.j2"),
    ),
    ("shape.user", include_str!("../../prompts/shape.user.j2")),
    (
        "integrate.system",
        include_str!("../../prompts/integrate.system.j2"),
    ),
    (
        "integrate.user",
        include_str!("../../prompts/integrate.user.j2"),
    ),
    (
        "diagnose.system",
        include_str!("../../prompts/diagnose.system.j2"),
    ),
    (
        "diagnose.user",
        include_str!("../../prompts/diagnose.user.j2"),
    ),
    (
        "contract.context",
        include_str!("../../prompts/contract.context.j2"),
    ),
    (
        "tests.context",
        include_str!("../../prompts/tests.context.j2"),
    ),
    (
        "integrate.context",
        include_str!("../../prompts/integrate.context.j2"),
    ),
    (
        "diagnose.context",
        include_str!("../../prompts/diagnose.context.j2"),
    ),
    (
        "implement.context",
        include_str!("../../prompts/implement.context.j2"),
    ),
    (
        "research.system",
        include_str!("../../prompts/research.system.j2"),
    ),
    (
        "research.user",
        include_str!("../../prompts/research.user.j2"),
    ),
    (
        "audit.system",
        include_str!("../../prompts/audit.system.j2"),
    ),
    ("audit.user", include_str!("../../prompts/audit.user.j2")),
];

/// The template `name` (`interview.system`): the project's
/// `prompts/NAME.j2` if present, else the shipped one.
fn template(project: &Project, name: &str) -> Result<(String, String), Failure> {
    let own = project.layout.prompt_template(name);
    match std::fs::read_to_string(&own) {
        Ok(text) => return Ok((text, own.display().to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(Failure::new(
                Code::BadInput,
                format!("{}: cannot read: {e}", own.display()),
            ));
        }
    }
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| ((*text).to_owned(), format!("shipped prompts/{name}.j2")))
        .ok_or_else(|| Failure::new(Code::Internal, format!("no template {name}")))
}

/// Whether template `name` exists, in the project or shipped.
fn has_template(project: &Project, name: &str) -> bool {
    project.layout.prompt_template(name).is_file() || SHIPPED.iter().any(|(n, _)| *n == name)
}

/// Renders template `name` with `context`; an undefined variable is an error.
pub fn render(project: &Project, name: &str, context: &Value) -> Result<String, Failure> {
    let (text, origin) = template(project, name)?;
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.render_str(&text, context)
        .map_err(|e| Failure::new(Code::BadInput, format!("{origin}: {e:#}")))
}

/// The JSON Schema of a stage's draft type, as the model sees it.
pub fn draft_schema<T: JsonSchema>(name: &str, description: &str) -> OutputSchema {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.remove("$schema");
    schema.remove("title");
    OutputSchema {
        name: name.to_owned(),
        description: description.to_owned(),
        schema: schema.to_value(),
    }
}

/// The task: a `pact.task` document from `input`, else the project's task.md
/// and sops.md.
pub fn read_task(project: &Project, input: Option<&Path>) -> Result<Task, Failure> {
    if let Some(path) = input {
        return Ok(pact_core::input::read_document::<Task>(Some(path))?);
    }
    let task_md = project.layout.task();
    let body = std::fs::read_to_string(&task_md).map_err(|e| {
        Failure::new(
            Code::BadInput,
            format!("{}: cannot read the task: {e}", task_md.display()),
        )
        .hint("write task.md (`pact init` scaffolds it), or pass a pact.task document")
    })?;
    let sops = std::fs::read_to_string(project.layout.sops()).unwrap_or_default();
    let title = body
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .unwrap_or("Task")
        .trim()
        .to_owned();
    Ok(Task {
        kind: Default::default(),
        version: Default::default(),
        title,
        body,
        sops,
    })
}

/// One stage's question to the model.
pub struct Ask<'a> {
    pub stage: &'a str,
    pub role: &'a str,
    pub component: Option<&'a str>,
    pub context: Value,
    pub output: OutputSchema,
    pub max_tokens: u32,
    /// Rules beyond the schema; their errors get correction turns.
    pub check: &'a dyn Fn(&Value) -> Vec<String>,
}

/// Sends `ask` (or prints it with `--dry-run`, returning `None`).
pub fn ask(project: &Project, args: &StageArgs, ask: Ask<'_>) -> Result<Option<Value>, Failure> {
    let system = render(project, &format!("{}.system", ask.stage), &ask.context)?;
    let user = render(project, &format!("{}.user", ask.stage), &ask.context)?;
    let route = route::resolve(&project.config, ask.role)
        .map_err(|e| Failure::new(Code::BadInput, e.to_string()))?;
    // The static context (contracts, briefs) goes first, marked for caching.
    let context_name = format!("{}.context", ask.stage);
    let prefix = if has_template(project, &context_name) {
        render(project, &context_name, &ask.context)?
    } else {
        String::new()
    };
    let mut request = Request::new(route.model.clone(), system, user)
        .with_cached_prefix(prefix)
        .with_output(ask.output)
        .with_max_tokens(ask.max_tokens);
    let depth = project.config.research;
    if let (Some(component), true) = (
        ask.component,
        depth != ResearchDepth::Off && research::PREPARES.contains(&ask.stage),
    ) {
        // Research comes first; with --dry-run its request is the one shown.
        let work = format!("{}\n\n{}", request.cached_prefix, request.messages[0].text);
        let Some(found) = research::run(project, args, ask.stage, component, work.trim())? else {
            return Ok(None);
        };
        let researched = research::as_context(&found);
        request.cached_prefix = if request.cached_prefix.is_empty() {
            researched
        } else {
            format!("{}\n\n{researched}", request.cached_prefix.trim_end())
        };
    }
    let call = Call {
        stage: ask.stage,
        role: ask.role,
        component: ask.component,
        model: &route.model,
    };
    send(project, args, &route, call, &request, ask.check)
}

/// What a call is counted under.
pub struct Call<'a> {
    pub stage: &'a str,
    pub role: &'a str,
    pub component: Option<&'a str>,
    pub model: &'a str,
}

/// Sends `request` through the route's provider (or the cassette), under the
/// budget, insisting on a checked answer; with `--dry-run` prints it instead
/// and returns `None`.
pub fn send(
    project: &Project,
    args: &StageArgs,
    route: &route::Route,
    call: Call<'_>,
    request: &Request,
    check: &dyn Fn(&Value) -> Vec<String>,
) -> Result<Option<Value>, Failure> {
    let provider: Box<dyn Provider> = match &args.replay {
        Some(path) => Box::new(Replay::open(path)?),
        None if args.dry_run => route::preview_provider(route, &project.config)?,
        None => route::provider(route, &project.config)?,
    };
    if args.dry_run {
        let mut preview = provider.preview(request);
        preview["kind"] = HTTP_REQUEST_KIND.into();
        preview["version"] = 1.into();
        preview["provider"] = provider.name().into();
        let mut text = serde_json::to_string_pretty(&preview).unwrap_or_default();
        text.push('\n');
        pact_core::cli::emit(text)?;
        return Ok(None);
    }
    let provider: Box<dyn Provider> = match &args.record {
        Some(path) => Box::new(Recorder::new(provider, path)),
        None => provider,
    };
    let prices = PriceTable::new(&project.config.budget);
    let ledger = Ledger::for_project(&project.layout);
    let budgeted = Budgeted {
        provider: provider.as_ref(),
        prices: &prices,
        ledger: &ledger,
        caps: budget::caps(&project.config.budget),
        tags: CallTags {
            run: run_id(args.run.as_deref()),
            component: call.component.map(str::to_owned),
            stage: call.stage.to_owned(),
            role: call.role.to_owned(),
            provider: provider.name().to_owned(),
            model: call.model.to_owned(),
        },
    };
    let done = structured::call_checked(&budgeted, request, Policy::default(), check)?;
    Ok(Some(done.value))
}

/// Deserialises a checked draft: the schema and checks have passed, so a
/// failure here is a bug.
pub fn from_draft<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Failure> {
    serde_json::from_value(value).map_err(|e| {
        Failure::new(
            Code::Internal,
            format!("a validated draft did not read back: {e}"),
        )
    })
}

/// The `check` of a draft type: it must deserialise, then pass `rules`.
pub fn draft_check<T: serde::de::DeserializeOwned>(
    value: &Value,
    rules: impl Fn(&T) -> Vec<String>,
) -> Vec<String> {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(draft) => rules(&draft),
        Err(e) => vec![format!("at /: {e}")],
    }
}

/// Writes a document to stdout.
pub fn emit_document<D: pact_core::Document>(doc: &D) -> Result<Code, Failure> {
    pact_core::cli::emit(pact_core::document::to_canonical_json(doc))?;
    Ok(Code::Success)
}

/// The lessons of `learnings/learnings.jsonl` a stage is shown: every lesson
/// for a decomposition (`component` none), else the lessons about that
/// component and the project-wide ones.
pub fn lessons(project: &Project, component: Option<&pact_core::ComponentId>) -> Vec<String> {
    let lines = pact_core::model::read_learnings(&project.layout.learnings());
    pact_core::model::lessons_about(&lines, |about| match (component, about) {
        (Some(wanted), Some(about)) => wanted == about,
        _ => true,
    })
}
