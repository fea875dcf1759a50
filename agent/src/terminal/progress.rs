//! Spinners on stderr while the model thinks and each step runs, shown
//! only when stderr is a terminal. They are cleared before anything else
//! is printed: a prompt, a card, or streamed text.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::run::{Progress, ProgressSink};

#[derive(Default)]
struct Bars {
    model: Option<ProgressBar>,
    /// Running steps: their spinner, tool and start.
    steps: BTreeMap<String, (ProgressBar, String, Instant)>,
}

/// The spinners of one chat. Cheap to clone; clones share the display.
#[derive(Clone)]
pub struct Spinners {
    multi: Option<MultiProgress>,
    bars: Arc<Mutex<Bars>>,
}

impl Spinners {
    /// Spinners drawn on stderr when `enabled` (a terminal), else nothing.
    pub fn new(enabled: bool) -> Spinners {
        Spinners {
            multi: enabled.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
            bars: Arc::default(),
        }
    }

    fn spinner(&self, message: String) -> Option<ProgressBar> {
        let multi = self.multi.as_ref()?;
        let bar = multi.add(ProgressBar::new_spinner());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            bar.set_style(style);
        }
        bar.set_message(message);
        bar.enable_steady_tick(Duration::from_millis(120));
        Some(bar)
    }

    /// Removes every spinner from the screen.
    pub fn clear(&self) {
        if let Ok(mut bars) = self.bars.lock() {
            if let Some(b) = bars.model.take() {
                b.finish_and_clear();
            }
            for (_, (b, _, _)) in std::mem::take(&mut bars.steps) {
                b.finish_and_clear();
            }
        }
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }

    /// The driver's progress events, drawn.
    pub fn sink(&self) -> ProgressSink {
        let this = self.clone();
        Arc::new(move |p: &Progress| this.show(p))
    }

    fn show(&self, p: &Progress) {
        if self.multi.is_none() {
            return;
        }
        let Ok(mut bars) = self.bars.lock() else {
            return;
        };
        match p {
            Progress::Model => bars.model = self.spinner("the model is working".to_string()),
            Progress::ModelDone => {
                if let Some(b) = bars.model.take() {
                    b.finish_and_clear();
                }
            }
            Progress::ToolStarted { step, tool } => {
                if let Some(bar) = self.spinner(format!("{step} {tool}")) {
                    bars.steps
                        .insert(step.clone(), (bar, tool.clone(), Instant::now()));
                }
            }
            Progress::ToolFinished { step, ok } => {
                if let Some((b, tool, started)) = bars.steps.remove(step) {
                    b.finish_and_clear();
                    // A line that stays: which step ran, how it ended, how long.
                    let mark = if *ok { "✓" } else { "✗" };
                    if let Some(m) = &self.multi {
                        let _ = m.println(format!(
                            "  {mark} {step:<4} {tool:<22} {}",
                            elapsed(started.elapsed())
                        ));
                    }
                }
            }
        }
    }
}

fn elapsed(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}
