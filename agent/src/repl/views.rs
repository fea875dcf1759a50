//! What the chat shows on request: the plan (`/plan`) and the last
//! report's sources (`/sources`).

use super::Chat;
use crate::service;
use crate::tr;

impl Chat {
    /// `/plan`: the current plan, step by step.
    pub(super) fn plan(&self) {
        let summary = self
            .current
            .as_ref()
            .map(|d| service::RunSummary::of(d, None));
        let Some((plan, Some(goal))) = summary.as_ref().map(|s| (&s.plan, &s.plan.goal)) else {
            println!("{}", tr!(self.speaking, "chat-no-plan"));
            return;
        };
        println!(
            "{}",
            tr!(
                self.speaking,
                "chat-plan-head",
                version = plan.version,
                goal = goal.as_str()
            )
        );
        for s in &plan.steps {
            println!(
                "  {:<4} {:<22} {:<8} {}",
                s.id,
                s.tool,
                s.status.name(),
                s.arguments
            );
        }
    }

    /// `/sources`: the last report's sources, with their documents.
    pub(super) fn sources(&self) {
        let Some(f) = &self.last else {
            println!("{}", tr!(self.speaking, "chat-no-report"));
            return;
        };
        if f.report.sources.is_empty() {
            println!("{}", tr!(self.speaking, "chat-no-sources"));
            return;
        }
        let rows = f
            .report
            .sources
            .iter()
            .map(|label| {
                let id = label.split_whitespace().next().unwrap_or_default();
                match self.dataset.source(id) {
                    Some(s) => vec![
                        label.clone(),
                        format!("{} ({})", s.title, s.publisher),
                        s.file.clone(),
                    ],
                    None => vec![
                        label.clone(),
                        tr!(self.speaking, "chat-source-not-in-dataset"),
                        String::new(),
                    ],
                }
            })
            .collect();
        let header = [
            tr!(self.speaking, "chat-col-source"),
            tr!(self.speaking, "chat-col-document"),
            tr!(self.speaking, "chat-col-file"),
        ];
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        println!("{}", crate::render::table(&header, rows));
    }
}
