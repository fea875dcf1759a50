//! A synthetic dataset in the real format (TOML files, deals as TOML or
//! CSV), for benchmarks at sizes the research dataset will never reach.

// Each bench uses the generators it needs.
#![allow(dead_code)]

/// xorshift64*: deterministic, dependency-free randomness.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

const KINDS: &[&str] = &[
    "investment",
    "compute_contract",
    "chip_purchase",
    "capacity_guarantee",
    "equity_stake",
    "licensing",
    "exclusivity",
    "revenue_share",
    "venture",
    "service_contract",
];
const BOUNDS: &[&str] = &["exact", "approx", "up_to", "at_least"];

pub fn entity_name(i: usize) -> String {
    format!("Entity {i:04}")
}

/// `(file name, text)` pairs; deals in `deals.csv` when `csv` is true.
pub fn generate(entities: usize, deals: usize, csv: bool, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed);
    let sources = "[[source]]\nid = \"syn\"\nfile = \"synthetic.txt\"\ntitle = \"synthetic\"\npublisher = \"generator\"\ndate = \"2025\"\nlanguage = \"en\"\nline_count = 100000\n".to_string();
    let mut ents = String::with_capacity(entities * 120);
    for i in 0..entities {
        ents.push_str(&format!(
            "[[entity]]\nid = \"e{i}\"\nname = \"{}\"\nkind = \"company\"\naliases = [\"E{i} Corp.\", \"Ticker{i}\"]\n\n",
            entity_name(i)
        ));
    }
    let mut text = String::with_capacity(deals * 260);
    if csv {
        text.push_str("id,from,to,kind,value_usd,bound,date,description,sources\n");
    }
    for i in 0..deals {
        let from = rng.below(entities as u64);
        let mut to = rng.below(entities as u64);
        if to == from {
            to = (to + 1) % entities as u64;
        }
        let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
        let value = (rng.below(10) < 7).then(|| (rng.below(1_000_000) + 1) as f64 * 1e5);
        let bound = BOUNDS[rng.below(BOUNDS.len() as u64) as usize];
        let date = format!("{}-{:02}", 2020 + rng.below(6), 1 + rng.below(12));
        let line = 1 + rng.below(99_000);
        if csv {
            let v = value.map(|v| v.to_string()).unwrap_or_default();
            text.push_str(&format!("d{i},e{from},e{to},{kind},{v},{bound},{date},synthetic deal number {i},syn:{line}-{}\n", line + 2));
        } else {
            text.push_str(&format!(
                "[[deal]]\nid = \"d{i}\"\nfrom = \"e{from}\"\nto = \"e{to}\"\nkind = \"{kind}\"\n"
            ));
            if let Some(v) = value {
                text.push_str(&format!("value_usd = {v:.1}\nbound = \"{bound}\"\n"));
            }
            text.push_str(&format!("date = \"{date}\"\ndescription = \"synthetic deal number {i}\"\nsources = [\"syn:{line}-{}\"]\n\n", line + 2));
        }
    }
    vec![
        ("sources.toml".into(), sources),
        ("entities.toml".into(), ents),
        (if csv { "deals.csv" } else { "deals.toml" }.into(), text),
        ("figures.toml".into(), String::new()),
        ("statements.toml".into(), String::new()),
        ("topics.toml".into(), String::new()),
    ]
}

/// Like [`generate`] (TOML deals), with `hub_share` of the deals (0..1)
/// paying into or out of entity 0, so that one entity is on a large part
/// of the graph, as the largest companies are.
pub fn with_hub(entities: usize, deals: usize, hub_share: f64, seed: u64) -> Vec<(String, String)> {
    let mut files = generate(entities, deals, false, seed);
    let mut rng = Rng::new(seed ^ 0x9e37);
    let hub_deals = (deals as f64 * hub_share) as usize;
    let text = &mut files[2].1;
    for i in 0..hub_deals {
        let other = 1 + rng.below(entities as u64 - 1);
        let (from, to) = if rng.below(2) == 0 {
            (0, other)
        } else {
            (other, 0)
        };
        let value = (rng.below(1_000_000) + 1) as f64 * 1e5;
        text.push_str(&format!(
            "[[deal]]\nid = \"h{i}\"\nfrom = \"e{from}\"\nto = \"e{to}\"\nkind = \"investment\"\nvalue_usd = {value:.1}\ndescription = \"hub deal {i}\"\nsources = [\"syn:1\"]\n\n"
        ));
    }
    files
}

/// `n` companies with a deal from every one to every other (n·(n−1)
/// deals), 70% of them with a stated amount: the densest graph a
/// dataset can hold.
pub fn dense(n: usize, seed: u64) -> Vec<(String, String)> {
    let mut files = generate(n, 0, false, seed);
    let mut rng = Rng::new(seed);
    let text = &mut files[2].1;
    for from in 0..n {
        for to in (0..n).filter(|&t| t != from) {
            text.push_str(&format!(
                "[[deal]]\nid = \"d{from}-{to}\"\nfrom = \"e{from}\"\nto = \"e{to}\"\nkind = \"compute_contract\"\n"
            ));
            if rng.below(10) < 7 {
                let value = (rng.below(1_000_000) + 1) as f64 * 1e5;
                text.push_str(&format!("value_usd = {value:.1}\n"));
            }
            text.push_str("description = \"dense deal\"\nsources = [\"syn:1\"]\n\n");
        }
    }
    files
}
