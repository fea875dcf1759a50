//! The answers about what was said: a company's statements on a topic,
//! and who disagrees with whom, each side quoted with its source.

use serde_json::Value;

use super::{Asked, Results, Writer, labels, list, name, w, yes_no};
use crate::offline::understand::Understanding;
use crate::tr;

/// A statement's date as the source gives it: where the date was worked
/// out ("ten days before" a dated post), what the source says beside it.
fn when(s: &Value) -> String {
    let date = s["date"].as_str().unwrap_or("");
    match s["date_note"].as_str() {
        Some(note) => format!("{date}: {note}"),
        None => date.to_string(),
    }
}

/// Whether the question asks if what was said holds together ("do they
/// contradict each other?", "has it been consistent?"), rather than
/// what was said.
pub(super) fn asks_consistency(u: &Understanding) -> bool {
    let lower = u.text.to_lowercase();
    ["contradict", "consistent", "矛盾", "一貫", "食い違"]
        .iter()
        .any(|c| lower.contains(c))
}

/// Statements of the person (or organisation) asked about.
pub(super) fn statements(asked: &Asked, u: &Understanding, res: &Results) -> Option<String> {
    let lang = asked.lang;
    let first = u.entities.first()?;
    let (args, r) = res.of("statement_comparison").find(|(a, _)| {
        a["mode"] != "figures"
            && match u.speakers.first() {
                Some(p) => a["speaker"] == p.as_str(),
                None => a["organisation"] == first.as_str(),
            }
    })?;
    let topic = args["topic"]
        .as_str()
        .map(|t| tr!(lang, "lead-on-topic", topic = w(lang, &Value::from(t))))
        .unwrap_or_default();
    let contradictions = r["contradictions"].as_array().map_or(0, Vec::len);
    let lower = u.text.to_lowercase();
    let asks_contradiction = ["contradict", "矛盾", "inconsistent"]
        .iter()
        .any(|c| lower.contains(c));
    if u.speakers.is_empty() && asks_consistency(u) {
        let org = name(asked, first);
        // "Do they contradict each other?" is yes when they do; "has it
        // been consistent?" is no.
        let verdict = match (contradictions > 0, asks_contradiction) {
            (true, true) | (false, false) => "answer-yes",
            _ => "answer-no",
        };
        let text = if contradictions > 0 {
            tr!(lang, "lead-contradicts", organisation = org, topic = topic)
        } else {
            tr!(lang, "lead-consistent", organisation = org, topic = topic)
        };
        return Some(format!("{}{text}", yes_no(lang, u, verdict)));
    }
    // The statements that answer the question first (date order among
    // equals): a speaker's other statements are evidence, not the answer.
    let mut said: Vec<&Value> = r["statements"].as_array().into_iter().flatten().collect();
    said.sort_by_key(|s| {
        std::cmp::Reverse(crate::offline::retrieve::relevance(
            u,
            asked.data,
            s["text"].as_str().unwrap_or(""),
        ))
    });
    let quotes: Vec<String> = said
        .into_iter()
        .take(3)
        .map(|s| {
            tr!(
                lang,
                "lead-quote",
                text = s["text"].as_str().unwrap_or(""),
                date = when(s),
                channel = w(lang, &s["channel"]),
                sources = labels(&s["sources"])
            )
        })
        .collect();
    let speaker = name(asked, u.speakers.first().unwrap_or(first));
    if quotes.is_empty() {
        return Some(tr!(
            lang,
            "lead-said-nothing",
            speaker = speaker,
            topic = topic
        ));
    }
    Some(tr!(
        lang,
        "lead-said",
        speaker = speaker,
        topic = topic,
        quotes = quotes.join(&tr!(lang, "off-clause-separator"))
    ))
}

pub(super) fn disagreement(
    asked: &Asked,
    u: &Understanding,
    res: &Results,
    wr: &mut Writer,
) -> Option<String> {
    let lang = asked.lang;
    let first = u.entities.first()?;
    let (subject, by_speaker) = match u.speakers.first() {
        Some(p) => (name(asked, p), true),
        None => (name(asked, first), false),
    };
    let (args, r) = res.of("statement_comparison").find(|(a, _)| {
        a["mode"] != "figures" && a["speaker"].is_null() && a["organisation"].is_null()
    })?;
    let topic = w(lang, &args["topic"]);
    let is_subject = |side: &Value| {
        if by_speaker {
            side["speaker"] == subject.as_str()
        } else {
            side["organisation"] == subject.as_str()
        }
    };
    let mut others: Vec<String> = Vec::new();
    let mut quotes: Vec<String> = Vec::new();
    let mut own: Option<String> = None;
    let quote = |side: &Value| {
        tr!(
            lang,
            "lead-side",
            who = who(side),
            date = side["date"].as_str().unwrap_or(""),
            text = side["evidence"].as_str().unwrap_or(""),
            sources = labels(&side["sources"])
        )
    };
    for c in r["disagreements"].as_array().into_iter().flatten() {
        let (mine, theirs) = if is_subject(&c["first"]) {
            (&c["first"], &c["second"])
        } else if is_subject(&c["second"]) {
            (&c["second"], &c["first"])
        } else {
            continue;
        };
        own.get_or_insert_with(|| quote(mine));
        let name = who(theirs);
        if !others.contains(&name) {
            others.push(name);
            quotes.push(quote(theirs));
        }
        // The tool's caveats name statements by id: say whose they are.
        for n in c["notes"].as_array().into_iter().flatten() {
            let mut text = n.as_str().unwrap_or("").to_string();
            for side in [&c["first"], &c["second"]] {
                let id = format!("`{}`", side["statement_id"].as_str().unwrap_or(""));
                let whose = tr!(
                    lang,
                    "off-statement-of",
                    speaker = side["speaker"].as_str().unwrap_or(""),
                    date = side["date"].as_str().unwrap_or("")
                );
                text = text.replace(&id, &whose);
            }
            wr.note(text);
        }
    }
    let Some(own) = own else {
        return Some(tr!(
            lang,
            "lead-disagree-none",
            subject = subject,
            topic = topic
        ));
    };
    Some(tr!(
        lang,
        "lead-disagree",
        subject = subject,
        topic = topic,
        names = list(lang, &others),
        own = own,
        quotes = quotes.join(&tr!(lang, "off-clause-separator"))
    ))
}

/// A speaker with the organisation they speak for, unless it is the
/// organisation itself ("Sarah Friar (OpenAI)", "OpenAI").
fn who(side: &Value) -> String {
    let speaker = side["speaker"].as_str().unwrap_or("");
    match side["organisation"].as_str() {
        Some(org) if org != speaker && !org.is_empty() => format!("{speaker} ({org})"),
        _ => speaker.to_string(),
    }
}
