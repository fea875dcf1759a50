//! `steer://sessions`: the sessions and their reports as MCP resources.

use super::Research;

/// `steer://sessions`: the sessions and their status.
pub const SESSIONS_URI: &str = "steer://sessions";

impl Research {
    /// The sessions list, and the report of every finished session.
    /// Only `owner`'s sessions when the request has one (over HTTP).
    pub fn resources(&self, owner: Option<&str>) -> Result<Vec<rmcp::model::Resource>, String> {
        let (_, rows) = self.service(owner).list().map_err(|e| e.to_string())?;
        let mut out = vec![
            rmcp::model::Resource::new(SESSIONS_URI, "sessions")
                .with_title("steer sessions")
                .with_description(
                    "The research sessions this client may see (over HTTP, its token's), with their status",
                )
                .with_mime_type("text/markdown"),
        ];
        for r in rows
            .iter()
            .filter(|r| r.status == "done" || r.status == "aborted")
        {
            out.push(
                rmcp::model::Resource::new(
                    format!("steer://sessions/{}/report", r.id),
                    format!("report {}", r.id),
                )
                .with_title(format!("Report: {}", r.request))
                .with_description(format!(
                    "The report of session {} (started {})",
                    r.id, r.started
                ))
                .with_mime_type("text/markdown"),
            );
        }
        Ok(out)
    }

    /// The text of `uri`, or why there is none.
    /// Another owner's session reads as one that does not exist.
    pub fn read(&self, uri: &str, owner: Option<&str>) -> Result<String, String> {
        if uri == SESSIONS_URI {
            let (place, rows) = self.service(owner).list().map_err(|e| e.to_string())?;
            return Ok(crate::render::sessions(
                &place,
                &rows,
                false,
                crate::i18n::Lang::En,
            ));
        }
        let id = uri
            .strip_prefix("steer://sessions/")
            .and_then(|rest| rest.strip_suffix("/report"))
            .filter(|id| !id.is_empty() && !id.contains('/'))
            .ok_or_else(|| {
                crate::tr!(
                    crate::i18n::speaking(),
                    "mcp-unknown-resource",
                    uri = steer_tools::quoted(uri),
                    served = SESSIONS_URI
                )
            })?;
        let (_, events) = self.service(owner).read(id).map_err(|e| e.to_string())?;
        events
            .iter()
            .rev()
            .find_map(|e| match e {
                crate::session::Event::Report { report } => Some(report.markdown.clone()),
                _ => None,
            })
            .ok_or_else(|| crate::tr!(crate::i18n::speaking(), "mcp-no-report-yet", id = id))
    }
}
