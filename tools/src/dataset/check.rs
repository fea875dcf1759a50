//! Checking typed records: unique ids, entity references that resolve,
//! citations inside their source, and each kind's own rules.

use super::Problem;
use super::citation::Citation;
use super::model::*;
use super::names::{NameIndex, Resolution};

use super::raw::RawRecord;

/// What later records are checked against.
pub(super) struct Env {
    /// Source id → line count.
    pub(super) sources: super::FastMap<String, u32>,
    pub(super) names: NameIndex,
}

pub(super) struct Checker {
    pub(super) problems: Vec<Problem>,
}

impl Checker {
    /// Reports (and drops) records whose id was already used.
    pub(super) fn unique<T>(
        &mut self,
        records: Vec<(RawRecord, T)>,
        what: &str,
        id: impl Fn(&T) -> &str,
    ) -> Vec<(RawRecord, T)> {
        // Ids borrowed from the records, positions noted: no copy of an
        // id or a path per record.
        let mut first: super::FastMap<&str, usize> =
            super::FastMap::with_capacity_and_hasher(records.len(), Default::default());
        let mut duplicate = vec![false; records.len()];
        for (i, (rec, value)) in records.iter().enumerate() {
            let key = id(value);
            match first.get(key) {
                Some(&j) => {
                    let (earlier, _) = &records[j];
                    let at = format!("{}:{}", earlier.file, earlier.line_of("id"));
                    self.problems.push(rec.problem(
                        "id",
                        format!("duplicate {what} id `{key}` (first defined at {at})"),
                        format!(
                            "{} の id `{key}` が重複しています(最初の定義は `{at}`)",
                            rec.id_ja()
                        ),
                    ));
                    duplicate[i] = true;
                }
                None => {
                    first.insert(key, i);
                }
            }
        }
        drop(first);
        let mut keep = duplicate.into_iter().map(|d| !d);
        // In place: the records are not moved to a second vector.
        let mut records = records;
        records.retain(|_| keep.next().unwrap_or(true));
        records
    }

    pub(super) fn sources(&mut self, records: Vec<(RawRecord, Source)>) -> Vec<Source> {
        let typed = self.unique(records, "source", |s| &s.id);
        for (rec, s) in &typed {
            if s.line_count == 0 {
                self.problems.push(rec.problem(
                    "line_count",
                    format!("{}: line_count must be at least 1", rec.id()),
                    format!("{}: line_count は 1 以上でなければなりません", rec.id_ja()),
                ));
            }
        }
        typed.into_iter().map(|(_, s)| s).collect()
    }

    pub(super) fn entities(
        &mut self,
        records: Vec<(RawRecord, Entity)>,
    ) -> (Vec<Entity>, NameIndex) {
        let typed = self.unique(records, "entity", |e| &e.id);
        for (rec, e) in &typed {
            if e.id.is_empty()
                || !e
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                self.problems.push(rec.problem(
                    "id",
                    format!("{}: id must be lowercase letters, digits and `-`", rec.id()),
                    format!("{}: id には英小文字、数字、`-` だけが使えます", rec.id_ja()),
                ));
            }
        }
        let entities: Vec<Entity> = typed.iter().map(|(_, e)| e.clone()).collect();
        let (names, clashes) = NameIndex::build(&entities);
        for (name, first, second) in clashes {
            if let Some((rec, _)) = typed.iter().find(|(_, e)| e.id == second) {
                let field = if rec.fields.contains_key("aliases") {
                    "aliases"
                } else {
                    "name"
                };
                self.problems.push(rec.problem(
                    field,
                    format!(
                        "{}: name `{name}` already refers to entity `{first}`",
                        rec.id()
                    ),
                    format!(
                        "{}: 名前 `{name}` はすでにエンティティ `{first}` を指しています",
                        rec.id_ja()
                    ),
                ));
            }
        }
        let mut out = Vec::new();
        for (rec, mut e) in typed {
            if let Some(org) = &e.organisation {
                e.organisation = self.entity_ref(&rec, "organisation", org, &names);
            }
            out.push(e);
        }
        (out, names)
    }

    /// Resolves an entity reference to its id, reporting a miss.
    pub(super) fn entity_ref(
        &mut self,
        rec: &RawRecord,
        field: &str,
        name: &str,
        names: &NameIndex,
    ) -> Option<String> {
        match names.resolve(name) {
            Resolution::Found(id) => Some(id),
            Resolution::Unknown { suggestions } => {
                let (hint, hint_ja) = match suggestions.first() {
                    Some(s) => (
                        format!(" (did you mean `{s}`?)"),
                        format!("(`{s}` のことですか?)"),
                    ),
                    None => (String::new(), String::new()),
                };
                self.problems.push(rec.problem(
                    field,
                    format!(
                        "{} field `{field}`: unknown entity `{name}`{hint}",
                        rec.id()
                    ),
                    format!(
                        "{} のフィールド `{field}`: エンティティ `{name}` はありません{hint_ja}",
                        rec.id_ja()
                    ),
                ));
                None
            }
        }
    }

    pub(super) fn citations(&mut self, rec: &RawRecord, citations: &[Citation], env: &Env) {
        if citations.is_empty() {
            self.problems.push(rec.problem(
                "sources",
                format!("{}: every record must cite at least one source", rec.id()),
                format!(
                    "{}: どのレコードも出典を 1 つ以上引かなければなりません",
                    rec.id_ja()
                ),
            ));
        }
        for c in citations {
            match env.sources.get(&c.source) {
                None => {
                    let known: Vec<&str> = env.sources.keys().map(String::as_str).collect();
                    let mut known = known;
                    known.sort();
                    let known = known.join(", ");
                    let source = &c.source;
                    self.problems.push(rec.problem(
                        "sources",
                        format!(
                            "{}: citation `{c}` names unknown source `{source}`; known sources: {known}",
                            rec.id(),
                        ),
                        format!(
                            "{}: 引用 `{c}` の出典 `{source}` はありません。ある出典: {known}",
                            rec.id_ja(),
                        ),
                    ));
                }
                Some(&count) if c.last_line > count => {
                    let source = &c.source;
                    self.problems.push(rec.problem(
                        "sources",
                        format!(
                            "{}: citation `{c}` is past the end of source `{source}`, which has {count} lines",
                            rec.id()
                        ),
                        format!(
                            "{}: 引用 `{c}` は出典 `{source}`({count} 行)の終わりを越えています",
                            rec.id_ja()
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }

    pub(super) fn non_negative(&mut self, rec: &RawRecord, field: &str, value: Option<f64>) {
        if let Some(v) = value
            && (!v.is_finite() || v < 0.0)
        {
            self.problems.push(rec.problem(
                field,
                format!(
                    "{} field `{field}`: must be a non-negative amount, got {v}",
                    rec.id()
                ),
                format!(
                    "{} のフィールド `{field}`: 0 以上の金額でなければなりません({v} が指定されています)",
                    rec.id_ja()
                ),
            ));
        }
    }

    pub(super) fn non_empty(&mut self, rec: &RawRecord, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.problems.push(rec.problem(
                field,
                format!("{} field `{field}`: must not be empty", rec.id()),
                format!("{} のフィールド `{field}`: 空にはできません", rec.id_ja()),
            ));
        }
    }

    /// A record's `ja` table names only text fields the record has, and
    /// none is empty: a misspelt key would otherwise leave the Japanese
    /// answer in English without a word.
    pub(super) fn ja(
        &mut self,
        rec: &RawRecord,
        ja: &std::collections::BTreeMap<String, String>,
        fields: &[(&str, bool)],
    ) {
        for (key, text) in ja {
            match fields.iter().find(|(f, _)| f == key) {
                None => {
                    let known: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
                    let known_ja = format!("`{}`", known.join("`, `"));
                    let known = known.join(", ");
                    self.problems.push(rec.problem(
                        "ja",
                        format!(
                            "{} field `ja.{key}`: not a text field of this record (one of: {known})",
                            rec.id(),
                        ),
                        format!(
                            "{} のフィールド `ja.{key}`: このレコードの文字列フィールドではありません(使えるもの: {known_ja})",
                            rec.id_ja(),
                        ),
                    ));
                }
                Some((_, false)) => self.problems.push(rec.problem(
                    "ja",
                    format!(
                        "{} field `ja.{key}`: the record has no `{key}` to render",
                        rec.id()
                    ),
                    format!(
                        "{} のフィールド `ja.{key}`: 訳す元の `{key}` がレコードにありません",
                        rec.id_ja()
                    ),
                )),
                Some(_) => self.non_empty(rec, "ja", text),
            }
        }
    }

    /// The one check of every record that cites sources and names
    /// entities: ids unique, names resolved to entity ids, the kind's own
    /// rules, citations inside their source. A record whose required
    /// name does not resolve is reported and left out.
    pub(super) fn cited<T: Cited>(&mut self, records: Vec<(RawRecord, T)>, env: &Env) -> Vec<T> {
        let typed = self.unique(records, T::KIND, T::id);
        // Collected in place: the typed records reuse the memory of the
        // raw ones instead of both being held at once (a large dataset's
        // deals are most of its memory).
        typed
            .into_iter()
            .filter_map(|(rec, mut record)| {
                let mut resolved = true;
                for reference in record.references() {
                    match reference {
                        // An id as written needs no copy and no normalising.
                        Reference::Required(_, name) if env.names.is_id(name) => {}
                        Reference::Required(field, name) => {
                            match self.entity_ref(&rec, field, name, &env.names) {
                                Some(id) => *name = id.into(),
                                None => resolved = false,
                            }
                        }
                        Reference::Optional(field, name) => {
                            if let Some(given) = name.take() {
                                *name = self
                                    .entity_ref(&rec, field, &given, &env.names)
                                    .map(EntityId::from);
                            }
                        }
                    }
                }
                record.check_fields(&rec, self, resolved);
                self.citations(&rec, record.citations(), env);
                resolved.then_some(record)
            })
            .collect()
    }

    pub(super) fn topics(&mut self, records: Vec<(RawRecord, Topic)>) -> Vec<Topic> {
        let typed = self.unique(records, "topic", |t| &t.id);
        for (rec, t) in &typed {
            if t.terms.iter().all(|term| term.trim().is_empty()) {
                self.problems.push(rec.problem(
                    "terms",
                    format!("{}: needs at least one term", rec.id()),
                    format!("{}: 語が 1 つ以上必要です", rec.id_ja()),
                ));
            }
        }
        typed.into_iter().map(|(_, t)| t).collect()
    }
}

/// An entity a record names, by field, to be resolved to the entity's id.
pub(super) enum Reference<'a> {
    Required(&'static str, &'a mut EntityId),
    Optional(&'static str, &'a mut Option<EntityId>),
}

/// A kind of record that cites sources and names entities: what
/// [`Checker::cited`] needs to know of it.
pub(super) trait Cited {
    /// The kind, for messages (`duplicate deal id ...`).
    const KIND: &'static str;
    fn id(&self) -> &str;
    fn citations(&self) -> &[Citation];
    /// Every kind names two (an array: no allocation per record).
    fn references(&mut self) -> [Reference<'_>; 2];
    /// The kind's own rules; `resolved` says whether every required name
    /// resolved (a rule comparing entities needs their ids).
    fn check_fields(&self, rec: &RawRecord, c: &mut Checker, resolved: bool);
}

impl Cited for Deal {
    const KIND: &'static str = "deal";
    fn id(&self) -> &str {
        &self.id
    }
    fn citations(&self) -> &[Citation] {
        &self.sources
    }
    fn references(&mut self) -> [Reference<'_>; 2] {
        [
            Reference::Required("from", &mut self.from),
            Reference::Required("to", &mut self.to),
        ]
    }
    fn check_fields(&self, rec: &RawRecord, c: &mut Checker, resolved: bool) {
        c.non_negative(rec, "value_usd", self.value_usd);
        c.non_negative(rec, "stake_pct", self.stake_pct);
        if self.stake_pct.is_some_and(|p| p > 100.0) {
            c.problems.push(rec.problem(
                "stake_pct",
                format!("{} field `stake_pct`: must be at most 100", rec.id()),
                format!(
                    "{} のフィールド `stake_pct`: 100 以下でなければなりません",
                    rec.id_ja()
                ),
            ));
        }
        if resolved && self.from == self.to {
            c.problems.push(rec.problem(
                "to",
                format!("{}: `from` and `to` are the same entity", rec.id()),
                format!("{}: `from` と `to` が同じエンティティです", rec.id_ja()),
            ));
        }
        c.non_empty(rec, "description", &self.description);
        c.ja(rec, &self.ja, &self.ja_fields());
    }
}

impl Cited for Figure {
    const KIND: &'static str = "figure";
    fn id(&self) -> &str {
        &self.id
    }
    fn citations(&self) -> &[Citation] {
        &self.sources
    }
    fn references(&mut self) -> [Reference<'_>; 2] {
        [
            Reference::Required("subject", &mut self.subject),
            Reference::Optional("attributed_to", &mut self.attributed_to),
        ]
    }
    fn check_fields(&self, rec: &RawRecord, c: &mut Checker, _resolved: bool) {
        // A change in market value is signed; every other figure is a
        // size and cannot be negative.
        if self.metric != Metric::MarketValueChange {
            c.non_negative(rec, "value", self.value);
        }
        if self.value.is_none() && self.value_note.is_none() {
            c.problems.push(rec.problem(
                "value",
                format!(
                    "{}: give `value`, or `value_note` when the sources state no number",
                    rec.id()
                ),
                format!(
                    "{}: `value` を指定してください。出典に数字がなければ `value_note` を指定します",
                    rec.id_ja()
                ),
            ));
        }
        c.ja(rec, &self.ja, &self.ja_fields());
    }
}

impl Cited for Statement {
    const KIND: &'static str = "statement";
    fn id(&self) -> &str {
        &self.id
    }
    fn citations(&self) -> &[Citation] {
        &self.sources
    }
    fn references(&mut self) -> [Reference<'_>; 2] {
        [
            Reference::Required("speaker", &mut self.speaker),
            Reference::Required("organisation", &mut self.organisation),
        ]
    }
    fn check_fields(&self, rec: &RawRecord, c: &mut Checker, _resolved: bool) {
        c.non_empty(rec, "text", &self.text);
        c.ja(rec, &self.ja, &self.ja_fields());
    }
}
