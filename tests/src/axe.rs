//! Accessibility checks with axe-core in the browser tests: inject
//! `axe.min.js` into the page shown, run it, and fail on any violation of
//! impact "serious" or "critical".
//!
//! axe-core comes from npm, pinned by `tests/axe/package-lock.json`;
//! `bash test.sh` installs it with `npm ci` when
//! `tests/axe/node_modules/axe-core/axe.min.js` is missing (`AXE_CORE_JS`
//! names another copy). The script goes into the page as WebDriver's own
//! script (the DevTools protocol evaluates it), which the pages' Content
//! Security Policy does not govern: the production CSP stays as it is.

use crate::webdriver::Browser;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::OnceLock;

/// What axe runs: WCAG 2.0 and 2.1 levels A and AA, and Deque's best
/// practices.
const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/// The impacts that fail a page.
const FAILING: [&str; 2] = ["serious", "critical"];

/// Rules of a lower impact that fail a page all the same, because a page
/// of ours once broke them: every page has a top-level heading.
const ALSO_FAILING: [&str; 1] = ["page-has-heading-one"];

/// One rule a page breaks, as axe reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// axe's rule id, e.g. `image-alt`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// What the rule asks, in a line.
    pub help: String,
    /// Deque's page on the rule.
    pub help_url: String,
    /// The CSS selectors of the offending elements.
    pub targets: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {} — {}\n    at {}",
            self.id,
            self.impact,
            self.help,
            self.help_url,
            self.targets.join(", ")
        )
    }
}

/// axe-core's source, read once.
fn source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = std::env::var_os("AXE_CORE_JS")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("axe/node_modules/axe-core/axe.min.js"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "the accessibility checks need axe-core at {} ({e}): run `npm ci --prefix tests/axe` \
                 (bash test.sh does) or set AXE_CORE_JS",
                path.display()
            )
        })
    })
}

/// Runs axe on the page and hands back its violations and how many rules
/// it passed, in a small JSON object (or `{error}` if axe failed).
const RUN: &str = r#"
const done = arguments[arguments.length - 1];
window.axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
  .then(r => done({
    passes: r.passes.length,
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
      targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' in ')),
    })),
  }))
  .catch(e => done({ error: String(e && e.stack || e) }));
"#;

impl Browser {
    /// Every axe violation (any impact) of the page shown, after injecting
    /// axe-core into it if it is not there yet. Panics if axe cannot run
    /// or checked nothing, so that a check can never pass by not running.
    pub fn axe_violations(&self) -> Vec<Violation> {
        let loaded =
            self.execute("return typeof window.axe === 'object' && typeof window.axe.run === 'function';", &[]);
        if loaded != json!(true) {
            let inject = format!("{}\nreturn typeof window.axe;", source());
            let kind = self.execute(&inject, &[]);
            assert_eq!(kind, json!("object"), "axe-core did not load into {}", self.current_url());
        }
        let result = self.execute_async(RUN, &[json!(TAGS)]);
        if let Some(error) = result.get("error") {
            panic!("axe-core failed on {}: {}", self.current_url(), error.as_str().unwrap_or_default());
        }
        let passes = result["passes"].as_u64().expect("axe's count of passed rules");
        assert!(passes > 0, "axe-core checked nothing on {}", self.current_url());
        let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
        result["violations"]
            .as_array()
            .expect("axe's violations")
            .iter()
            .map(|v| Violation {
                id: text(v, "id"),
                impact: text(v, "impact"),
                help: text(v, "help"),
                help_url: text(v, "helpUrl"),
                targets: v["targets"]
                    .as_array()
                    .map(|t| t.iter().filter_map(Value::as_str).map(str::to_string).collect())
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// Panic, listing them (rule, impact, elements, Deque's help page), if
    /// the page shown has an axe violation of impact serious or critical
    /// (or breaks a rule of [`ALSO_FAILING`]). `what` names the page state
    /// for the message.
    pub fn assert_accessible(&self, what: &str) {
        let failing: Vec<String> = self
            .axe_violations()
            .into_iter()
            .filter(|v| FAILING.contains(&v.impact.as_str()) || ALSO_FAILING.contains(&v.id.as_str()))
            .map(|v| format!("  - {v}"))
            .collect();
        assert!(
            failing.is_empty(),
            "axe-core: {} accessibility violation(s) on {what} ({}):\n{}",
            failing.len(),
            self.current_url(),
            failing.join("\n")
        );
    }
}
