# steer's messages in English. Every message here has a twin in ja.ftl
# with the same variables (a test checks). Dataset fields and quoted
# statements are shown as stored and never pass through here.

## The offline planner's report

off-banner = > Written by steer's offline planner: a deterministic planner that reads the tool results; no language model was used. Configure a model (OPENAI_API_KEY or --base-url) for a written analysis.
off-heading-answer = ## Answer
off-heading-claims = ## Claims
off-table-head = | claim | value | source |
off-heading-notes = ## Notes
off-failed = Steps that did not succeed: { $steps }.
off-not-stated = not stated
off-not-stated-note = not stated ({ $note })
off-money-up-to = up to { $amount }
off-money-about = about { $amount }
off-money-at-least = at least { $amount }
off-money-per-year = { $amount } a year
off-money-per-month = { $amount } a month
off-stake = { $pct }% stake
off-term = { $value }; term { $term }
off-cycles-none = No circular money flow through { $party } in the dataset.
off-cycles = { $count ->
    [one] One circular flow of money runs
   *[other] { $count } circular flows of money run
} through { $party }; the strongest is { $path }.
off-cycles-cut = The search shows the { $shown } strongest of at least { $seen } circular flows; more may exist (see the tool's note).
off-cycles-budget = The search stopped at its budget: every cycle of up to { $complete } deals was considered, longer ones only in part.
off-cycle-smallest = smallest stated hop { $amount }
off-cycle-no-amount = no hop states an amount
off-cycle-unstated = ({ $count ->
    [one] one hop
   *[other] { $count } hops
} without a stated amount)
off-totals-firm = firm one-off amounts of { $amount }
off-totals-up-to = ceilings ("up to") of { $amount }
off-totals-at-least = floors ("at least") of { $amount }
off-totals-yearly = yearly amounts of { $amount }
off-totals-none = no stated amounts
off-totals = Across the { $count ->
    [one] one deal
   *[other] { $count } deals
} involving { $party }{ $without ->
    [0] {""}
   *[other] {" "}({ $without } without money changing hands)
}: { $stated }; { $unstated ->
    [0] every one with money changing hands states an amount
   *[other] { $unstated } state no amount
}.
off-deals-between = between { $party } and { $other }
off-deals-involving = involving { $party }
off-deals-paid-by = in which { $party } pays
off-deals-paid-to = in which { $party } is paid
off-deals-kind = {" "}of the kind { $kind }
off-deals = The dataset holds { $count ->
    [0] no deals
    [one] one deal
   *[other] { $count } deals
}{ $kind } { $who }{ $unstated ->
    [0] {""}
   *[other] {" "}({ $unstated } without a stated amount)
}.
off-base-claim = { $company } revenue base ({ $basis })
off-no-commitments = { $company }'s revenue was projected from { $amount }; the dataset holds no commitments to set against it.
off-commitments-claim = { $company } compute commitments
off-over-years = { $amount } over { $years } years
off-chosen-base = From the chosen base of { $amount }{ $figure }, covering { $total } over { $years } years needs revenue to grow { $rate } a year.
off-needs = Covering { $total } over { $years } years needs revenue to grow { $rate } a year.
off-rate-from = { $rate } from { $base }
off-needs-depending = Covering { $total } of commitments over { $years } years needs constant revenue growth of { $parts } a year, depending on the base.
off-growth-claim = growth needed from the { $base } base ({ $basis })
off-rate-year = { $rate } a year
off-funded = { $name } ({ $description }): funded by { $year }
off-not-funded = { $name } ({ $description }): not funded by { $year }, cumulative revenue { $revenue } against { $due } due
off-scenarios = From the { $base } base, scenario by scenario: { $verdicts }.
off-material-note = The choice of revenue base changes the conclusion (see the contested figures below).
off-figure-claim = { $subject } { $metric }{ $year } ({ $basis }, { $period })
off-figure-value = { $value } ({ $basis })
off-figures-disagree = Sources disagree on { $subject }'s { $metric }{ $year }: { $values }.
off-figure-note = { $subject } { $metric }{ $year }: { $explanation }.
off-timeline = { $organisation } on { $topic }, in date order: { $entries }.
off-contradictions = { $count ->
    [one] One contradiction
   *[other] { $count } contradictions
} within one organisation; for example { $first } ({ $first_date }, { $first_channel }) said "{ $first_text }" but { $second } ({ $second_date }, { $second_channel }) said "{ $second_text }".
off-statement-claim = { $speaker } ({ $date }, { $channel }) — { $stance }
off-disagreements = { $count ->
    [one] One disagreement
   *[other] { $count } disagreements
} between different organisations (not contradictions).
off-list-separator = {", "}
off-clause-separator = {"; "}
off-sentence-gap = {" "}
off-heading-details = ## Evidence
off-not-in-dataset = Not in the dataset: { $names }. What follows is only what the dataset holds.
off-heading-unanswered = ## Not answered offline
off-unanswered = "{ $part }": { $why }
off-list-and = { $init } and { $last }
off-caveat = { $what }: the source's own caveat: { $caveat } ({ $sources })
off-exposure-note = Investments { $party } has made are not payments it owes; they are left out of the exposure.
off-statement-of = { $speaker }'s statement of { $date }
answer-yes = **Yes.**
answer-no = **No.**
answer-partly = **Only in some scenarios.**
answer-cannot-tell = **The dataset cannot tell.**
lead-projected-base = { $company }'s only revenue figure is a projection ({ $amount }, { $period }; { $sources }), used as today's revenue: a forecast, not a measurement.
lead-funding-no-commitments = The dataset records no compute commitments for { $company } to set its revenue against.
lead-scenario-by = { $name } (by { $year })
lead-funding-none = From { $company }'s { $base } base, none of the stated scenarios covers the { $total } of commitments within { $years } years; that would take { $rate } growth a year.
lead-funding-all = From { $company }'s { $base } base, every stated scenario covers the { $total } of commitments within { $years } years: { $funded }.
lead-funding-some = From { $company }'s { $base } base, the { $total } of commitments over { $years } years is covered under { $funded }, not under { $unfunded }; covering it takes { $rate } growth a year.
lead-owed = { $name }, with { $amount } ({ $kind }; { $sources })
lead-exposure = { $top }: the largest stated amount { $party } has committed to one counterparty, so the most exposed if { $party } cannot pay.
lead-exposure-next = Next: { $next }.
lead-exposure-unstated = Also owed by { $party }, amounts not stated: { $names }.
lead-exposure-unranked = { $party } owes { $names }, but the sources state none of the amounts, so they cannot be ranked.
lead-exposure-none = The dataset records no payments { $party } owes.
lead-exposure-total = In all, { $party }'s compute commitments are { $amount } ({ $period }; { $sources }).
lead-on-topic = {" "}on { $topic }
lead-contradicts = { $organisation } has contradicted itself{ $topic }: see the contradictions below.
lead-consistent = No contradiction was found in { $organisation }'s statements{ $topic }.
lead-quote = { $text } (paraphrase of { $sources }; { $date }, { $channel })
lead-said = { $speaker }{ $topic }: { $quotes }.
lead-said-nothing = The dataset holds no statement by { $speaker }{ $topic }.
lead-side = { $who }, { $date }: { $text } (paraphrase of { $sources })
lead-disagree = On { $topic }, { $names } take the opposite side to { $subject }. { $own }; against it: { $quotes }.
lead-disagree-none = No other organisation in the dataset takes the opposite side to { $subject } on { $topic }.
lead-hop-deal = { $amount } ({ $kind }; { $sources })
lead-cycle = The money goes round { $path }: { $hops }.
lead-no-cycle = The dataset holds no circular flow of money through all of { $names }.
lead-overlap = { $names }: { $party } has invested in each, and each { $what }.
lead-overlap-name = { $name } (invested: { $invested }; { $sources })
lead-overlap-chips = buys { $party }'s chips
lead-overlap-pays = pays { $party }
lead-overlap-none = None of the companies { $party } has invested in pays it, in the dataset.
lead-figure = { $metric }: { $value } ({ $period }; { $basis }; { $sources })
lead-figures = { $subject }: { $values }.
lead-figures-none = The dataset holds no { $metric } figure for { $subject }.
lead-any-figure = stated
lead-why = Why, as the source puts it: { $reason } ({ $sources })
lead-why-none = The sources state no reason for it.
lead-fall = down { $amount }
lead-compare-value = { $value } ({ $basis }, { $period }; { $sources })
lead-compare-stated = { $subject }{ $year } { $metric }: { $values }.
lead-compare-none = The sources give no{ $year } { $metric } figure for { $subject }.
lead-compare-range = From its base today, the stated scenarios give { $low } to { $high } in { $year }.
lead-compare-above = { $a }'s figure is above { $b }'s.
lead-compare-below = { $a }'s figure is below { $b }'s.
lead-compare-above-range = { $a }'s figure is above even the highest scenario for { $b }.
lead-compare-below-range = { $a }'s figure is below the lowest scenario for { $b }.
lead-compare-within-range = { $a }'s figure falls within the range of { $b }'s scenarios.
lead-deal = { $description } ({ $amount }; { $sources })
lead-deals-between = Between { $party } and { $other }: { $deals }.
lead-contract-other = The sources disagree on its size: another passage gives { $figures }.
lead-contract-figure = { $value } ({ $period }; { $sources })
lead-deals = { $party }'s largest deals by stated amount ({ $shown } of { $count } shown{ $unstated ->
    [0] {""}
   *[other] ; { $unstated } state no amount
}): { $deals }.
lead-deals-none = The dataset records no deals for { $party }.
off-deals-cut = The claims table shows { $shown } of these { $count } deals (the largest stated amounts first); all of them: `steer tools call deal_lookup '{ $arguments }'`.

## What the offline planner recognises

intent-funding = revenue against commitments
intent-exposure = who is owed a company's payments
intent-statements = statements and contradictions
intent-disagreement = who disagrees, across organisations
intent-circular = circular money flows
intent-overlap = companies invested in that also pay the investor
intent-figures = a company's figures
intent-comparison = a comparison between companies
intent-terms = the terms of an agreement
intent-deals = deals involving a company

## Dataset words in prose (deal kinds, metrics, bases, channels, stances, topics)

word-investment = investment
word-compute_contract = compute contract
word-chip_purchase = chip purchase
word-capacity_guarantee = capacity guarantee
word-equity_stake = equity stake
word-licensing = licensing
word-exclusivity = exclusivity
word-revenue_share = revenue share
word-venture = venture investment
word-service_contract = service contract
word-debt = debt
word-revenue = revenue
word-valuation = valuation
word-market_value_change = market-value change
word-weekly_active_users = weekly active users
word-compute_commitments = compute commitments
word-ownership_stake = ownership stake
word-market_share = market share
word-price = price
word-ratio = ratio
word-contract_value = contract value
word-reported = reported
word-annualized = annualized run-rate
word-projected = projected
word-estimated = estimated
word-rumoured = rumoured
word-interview = interview
word-post = post
word-letter = letter
word-podcast = podcast
word-statement = statement
word-public = public
word-private = private
word-for = for
word-against = against
word-mixed = mixed
word-neutral = neutral
word-government_support = government support
word-compute_capacity = compute capacity
word-financing = financing
word-market_competition = market competition

## What the runtime writes: decisions and the report's appendix

who-you = you
who-yes = --yes automatically
who-session = your approve-for-the-session at checkpoint { $checkpoint }
dec-abort = { $who } aborted the run
dec-plan-approve = { $who } approved plan v{ $version } ({ $steps ->
    [one] one step
   *[other] { $steps } steps
} to run)
dec-plan-edit = { $who } edited the plan; version { $version } ran
dec-plan-reject = { $who } rejected plan v{ $version }: “{ $feedback }”
dec-confirm = { $who } confirmed step { $step }
dec-arguments = { $who } changed step { $step }'s arguments ({ $changes })
dec-no-change = no argument changed
dec-choose = { $who } chose { $option }; step { $steps } ran again with it
dec-skip = { $who } skipped step { $step }: “{ $feedback }”
dec-keep = { $who } kept { $option }, which the results use
dec-keep-disagreement = { $who } went on with the disagreement reported
dec-send-back = { $who } sent it back to the model: “{ $feedback }”
dec-offplan-run = { $who } let the model run { $calls }
dec-offplan-refuse = { $who } refused { $calls }: “{ $feedback }”
dec-rerun = { $who } ran step { $step } again
dec-without = { $who } went on without step { $step }: “{ $feedback }”
dec-limit-stop = { $who } accepted the { $limit } limit: the run stopped there
dec-limit-raise = { $who } raised the { $limit } limit to { $to }
about-plan = plan v{ $version }
about-flagged = step { $step } rests on an assumption
about-failed = step { $step } failed inside its tool
about-offplan = calls outside the approved plan
about-limit = the { $limit } limit
asked-not-asked = not asked (the checkpoint policy does not pause here)
asked-not-asked-used = not asked (the checkpoint policy does not pause here); used: { $option }
asked-by-you = your decision at checkpoint { $checkpoint }
asked-by-yes = checkpoint { $checkpoint }, approved automatically (--yes)
asked-by-session = checkpoint { $checkpoint }, under your approve-for-the-session at checkpoint { $session }
asked-chose = chosen: { $option } — { $who }
asked-kept = used: { $option }, kept as it stood — { $who }
asked-kept-disagreement = reported as a disagreement, the run went on — { $who }
asked-edited = step { $step }'s arguments edited by hand — { $who }
asked-rejected = sent back to the model: “{ $feedback }” — { $who }
asked-since = ; as asked at checkpoint { $checkpoint }, before later decisions ran the step again
rep-contested = ## Contested figures and contradictions
rep-step = step { $steps }
rep-steps = steps { $steps }
rep-offplan = ## Calls outside the approved plan
rep-ran = ran
rep-failed = failed
rep-not-run = not run
rep-decisions = ## Assumptions and decisions
rep-decision = Checkpoint { $checkpoint } ({ $about }): { $what }.
rep-unverified = ## Unverified
rep-unverified-numbers = Numbers in the answer that no tool result contains: { $numbers }.
rep-unverified-sources = Cited sources that no tool result contains: { $sources }.
rep-stopped = # Run stopped
rep-stopped-why = { $why }. Steps finished before the stop:
rep-aborted-by-user = aborted by the user
rep-stopped-limit = stopped at the limit: { $limit }, { $used } of { $allowed }
rep-no-report = the run ended without a report

## Questions: what a card asks, as data phrased here

topic-revenue-base-both = which revenue base for { $company }: the sources disagree, and the choice changes the conclusion
topic-revenue-base-contested = sources disagree on { $company }'s revenue base
topic-revenue-base-material = the choice of { $company }'s revenue base changes the conclusion
topic-commitments = sources frame { $company }'s commitments differently
topic-projected-base = { $company }'s only revenue figure is a projection; the analysis uses it as today's revenue
topic-figures = sources disagree on { $subject } { $metric }{ $year }
topic-contradiction = { $organisation } contradicts itself on { $topic } ({ $pairs ->
    [one] one pair
   *[other] { $pairs } pairs
} of statements)
option-label = { $amount } { $qualifier }
effect-needs = needs { $rate } a year
effect-needs-from = needs { $rate } a year over { $years } years from the { $base } base
effect-covered = covered at any growth
effect-not-coverable = not coverable within the growth bounds
effect-funded = funded by { $year } under { $scenarios }
effect-unfunded = not funded under { $scenarios }
default-base-rule = { $option } by the default rule: reported figures before run-rates and estimates, the latest year, then the lowest value (conservative for a funding question)
default-most-cited = { $option }, the framing cited by the most source documents (on a tie, the company's own)
default-arguments = { $option }, as the arguments ask
default-only-figure = { $option }, the only revenue figure in the dataset

## Checkpoint cards

card-title = ── checkpoint { $number } · { $kind } ──
kind-plan_review = plan review
kind-flagged_step = flagged step
kind-conflicting_sources = conflicting sources
kind-material_assumption = material assumption
kind-off_plan_call = off plan call
kind-tool_failed = tool failed
kind-limit = limit
card-plan-head = Plan v{ $version } · { $steps ->
    [one] 1 step
   *[other] { $steps } steps
}, { $to_approve } to approve — { $goal }
card-asks-first = (asks before it runs)
card-legend-changed = * = a new or changed step: approving runs it
card-answers = answers: “{ $part }”
card-legend-flag = (asks before it runs) = the planner flagged an assumption; the run pauses before that step
card-keys = What each answer does here:
card-keys-short = Keys: { $keys } (press ? to see what each does here)
key-approve = a approve
key-session = s
key-edit = e edit
key-reject = r reject
key-abort = q abort
key-choose = { $range } choose
plan-approve = run the steps marked *
plan-session = the same, and approve later revisions of the plan without asking
plan-edit = change the plan in your editor
plan-reject = tell the model what to change; it plans again
plan-abort = stop; nothing runs
reject-unavailable = not available: the offline planner cannot act on written feedback (edit instead)
abort-finished = stop; the report lists what finished
flagged-head = Step { $step } ({ $tool }) rests on an assumption: { $why }
flagged-approve = run step { $step }
flagged-edit = change step { $step }'s arguments
flagged-reject = skip step { $step }
offplan-head = The model wants to call tools outside the approved plan:
offplan-plan = The approved plan ({ $goal }):
offplan-none = No plan was approved.
offplan-approve = run these calls
offplan-session = the same, and let later calls outside the plan run without asking
offplan-reject = refuse them; the model is told they did not run
failed-head = Step { $step } ({ $tool }) failed inside the tool (a bug in steer, not your request): { $error }
failed-approve = run step { $step } again
failed-edit = change step { $step }'s arguments and run it
failed-reject = go on without step { $step }
limit-steps = steps
limit-model-calls = model calls
limit-retries = retries after invalid model output
limit-tokens = tokens
limit-wall = seconds of work
limit-head = Limit reached: { $limit } ({ $used } of { $allowed }).
limit-approve = stop here: the report holds what was done
limit-raise = raise the { $limit } limit to a number you type, and go on
limit-raise-prompt = new { $limit } limit (above { $allowed }) >{" "}
limit-raise-invalid = { $text } is not a whole number above { $allowed }; the checkpoint is still open
question-from = from step { $step } ({ $tool })
question-also = ; also from { $others }
question-also-item = step { $step } ({ $tool }): { $summary }
question-used-now = ← used now
question-sources = sources: { $sources }
question-meanwhile = Used meanwhile: { $default }.
question-reference = • = for reference: no argument of the steps selects it
question-choose = take that option: step { $steps } runs again with it, and this is not asked again
question-keep = keep { $option } and go on; this is not asked again
question-keep-disagreement = go on with the disagreement reported in the report; this is not asked again
question-session-conflict = the same, and no more conflict cards in this session
question-session-assumption = the same, and no more assumption cards in this session
question-edit = change step { $step }'s arguments by hand
question-reject = tell the model what is wrong with this result
question-position = (question { $position } of { $of } from these results)

## Answering a card at the terminal

choice-limit = [a] stop here  [e] raise the limit  [q] abort  [esc] leave paused
choice-failed = [a] run again  [e] edit  [r] go on without it  [q] abort  [esc] leave paused
choice-offplan = [a] approve  [s] approve for session  [r] reject  [q] abort  [esc] leave paused
choice-pick-one = [{ $n }] use that option{"  "}
choice-pick-range = [{ $from }-{ $to }] use that option{"  "}
choice-reject = [r] reject{"  "}
choice-line = { $pick }[a] approve  [s] approve for session  [e] edit  { $reject }[q] abort  [esc] leave paused
choice-said-approve = approve
choice-said-option = use option { $n }
choice-said-session = approve for the session
choice-abort-confirm = abort the run? [y/N]{" "}
choice-yes = yes
choice-no = no
choice-no-feedback-reader = the offline planner cannot act on written feedback; press e to edit instead, a to approve, or q to abort
choice-said-reject = reject
choice-no-feedback = no feedback given; the checkpoint is still open
choice-said-edit = edit
choice-enter = Enter is not a choice; press one of the letters
choice-not-a-choice = { $key } is not a choice
choice-feedback = feedback for the model >{" "}
edit-no-change = no change; the checkpoint is still open
edit-accepted = edit accepted
edit-refused = steer: the edit was refused: { $problem }
    reopening the editor (save it empty to cancel)

## The command line's own lines

cli-paused = steer: paused at checkpoint { $number } ({ $kind }) of session { $id }; answer it with: steer resume { $id } { $answers }
cli-paused-short = paused (session { $id })
cli-stopped-limit = stopped at the limit: { $limit }, { $used } of { $allowed }; the report above holds what was done before it (session { $id }). Ask again with a higher limit to go further.
cli-left-paused = left paused; `steer resume { $id }` answers the checkpoint
cli-cancelled = cancelled; `steer resume { $id }` continues the session (finished steps do not run again)
cli-still-paused = { $error }; session { $id } is still paused at checkpoint { $number }
cli-session-line = session { $id } ({ $path })

## The chat

chat-help-intro = Type a research request to run it; follow-ups keep the conversation.
    End a line with \ to continue on the next. Ctrl-C cancels a running step
    (the session stays resumable) or clears the line; Ctrl-D leaves.
help-help = this list
help-plan = the current plan, its version and each step's status
help-tools = the research tools the agent can call
help-sources = the sources the last report cites, with their documents
help-source = the lines a citation points to (documents added with steer ingest)
help-ingest = add a document to the --data directory, one card per proposed record
help-checkpoints = where to pause: plan,conflicts,assumptions,offplan | all | none
help-model = the model in use, or switch to NAME
help-save = write the last report as Markdown, with its charts as SVG
help-sessions = logged sessions and their status
help-resume = continue the paused run, or the session ID
help-new = start a new conversation
help-exit = leave (Ctrl-D does too)
chat-banner = steer { $version } · model { $model }{ $replayed } · dataset { $dataset } ({ $deals } deals, { $sources } sources) · /help for commands
chat-replayed = { " " }(replayed from { $path })
chat-paused-at-exit = session { $id } is paused; `steer resume { $id }` continues it
chat-stays-paused = (session { $id } stays paused; /resume { $id } continues it)
chat-cancelled = cancelled; session { $id } is paused — /resume continues it (finished steps do not run again)
chat-kept = session { $id } is kept; /resume { $id } tries again
chat-left-paused = session { $id } is paused at checkpoint { $number }; /resume answers it
chat-report = ── report ──
chat-report-footer = session { $id } · /save writes this report{ $charts }
chat-and-chart = { " " }and its chart
chat-and-charts = { " " }and its charts
chat-no-plan = no plan yet
chat-no-report = no report yet
chat-no-report-save = no report yet; run a request first
chat-no-sources = the last report cites no sources
chat-nothing-paused = nothing is paused; /sessions lists sessions to resume
chat-new = new conversation

# Why figures that should agree differ (statement_comparison's `explained`).
off-basis-of = `{ $id }` is { $basis }
off-bases-differ = the bases differ: { $list }
off-bases-run-rate = ; an annualized run-rate scales a recent month or quarter to a year, so for a growing company it exceeds the revenue reported for the year
off-bases-projected = ; a projection is a forecast, not a measurement
off-same-basis-differ = `{ $low }` and `{ $high }` are both { $basis } yet differ: the sources disagree or describe different periods ({ $low_period } vs { $high_period })
off-bound-floor = `{ $id }` is a floor ("more than"), not a point value
off-bound-ceiling = `{ $id }` is a ceiling ("up to"), not a point value
off-bound-approx = `{ $id }` is approximate
off-attributed = `{ $id }` is attributed to { $who }

# The offline planner's plan: its goal and why each step is there.
plan-goal = Establish { $goals }.
goal-and = ; and{" "}
goal-sep = ;{" "}
goal-funding = whether { $company }'s revenue can cover its commitments
goal-exposure = who is most exposed to { $company } failing to pay
goal-statements = what { $who } said and whether it contradicts itself
goal-disagreement = who disagrees with { $who }
goal-circular = the circular money flows around { $company }
goal-overlap = which companies { $company } invests in also pay it
goal-metric = { $company }'s { $metric }
goal-figures = { $company }'s figures
goal-compare = how { $companies } compare
goal-terms = the terms between { $first } and { $second }
goal-deals = the deals involving { $companies }
why-revenue-bases = list every candidate revenue base with its basis and source
why-project = project revenue under stated scenarios against the commitments and solve for the growth they need
why-compute-contracts = name the compute contracts behind the commitments
why-payees = who receives the company's payments, by stated amount
why-commitments = the commitments in total, with their sources
why-statements = lay out the statements in date order and find contradictions
why-disagreement = every organisation's statements on the topic, to find who takes the opposite side
why-cycles = find circular money flows through the company
why-totals = size the flows in and out
why-invests-in = the companies it invests in
why-pays-it = the companies that pay it
why-figures = the figures with their bases, periods and sources
why-figures-one = the figures of the one company the dataset holds, with their sources
why-figures-compare = the figures and projections with their bases
why-project-compare = project revenue from today's base for comparison
why-terms = every deal and term between the two parties
why-stakes = stakes stated in the sources
why-between = every deal between the two parties
why-deals = every deal involving the company
why-contract-figure = a source's own figure for the contract, to set beside the deal's amount

# A yes/no question answered from the record that says so.
answer-differ = **The sources differ.**
answer-not-stated = **Not stated.** Nothing in the dataset says yes or no to this; what it holds on the subject follows.
lead-verdict-basis = The deciding passage: { $text } (paraphrase of { $sources }).

# A projection scenario's growth model.
growth-cagr = constant { $rate }/yr
growth-decaying = { $start } in year 1, shrinking { $decay } a year, floor { $floor }
growth-logistic = S-curve to { $ceiling }, steepness { $steepness }

# steer show: a session read back.
show-title = Research report
show-meta = Asked { $created } · model { $model } · { $status } · session { $id }
show-unfinished = This session has no report yet: it stopped before its answer. `steer resume { $id }` carries it on.
show-checkpoints = Checkpoints and what was decided
show-checkpoint = Checkpoint { $number }:
show-waiting = waiting for an answer
show-by-policy = answered automatically
show-by-person = answered by a person
show-by-person-in = answered by a person in { $seconds } s
show-sources = Sources
show-source-paraphrase = The dataset's paraphrase (the source's own lines were not given: pass --documents DIR to quote them):
show-source-lines = The cited lines:
show-source-unread = The cited lines could not be read: { $why }
show-cited-by = cited for
show-charts = Charts
show-generated = Written by steer from session { $id }.

# Tool errors, worded by the front-end (the tools write English).
tool-missing-field = missing required field `{ $field }`
tool-unknown-name = `{ $field }`: no company or person called "{ $name }" in the dataset
tool-unknown-name-suggest = `{ $field }`: no company or person called "{ $name }" in the dataset; did you mean { $suggestions }?
tool-unknown = unknown tool `{ $name }`{ $hint }; available tools: { $available }
tool-unknown-suggest = {" "}(did you mean `{ $suggestion }`?)
tool-invalid-json = arguments for `{ $tool }` are not valid JSON at line { $line } column { $column }
tool-invalid-arguments = invalid arguments for `{ $tool }`: { $problems }
tool-more-problems = ; and { $n } more problem(s)
tool-failed = tool `{ $tool }` failed: { $message }
tool-internal = internal error in { $tool }: { $message }; please report it

# steer sessions: filters and prune.
sessions-too-far-back = { $flag } { $value }: too far back
sessions-since-invalid = --since "{ $value }": give a date (2026-12-01) or a span back from now (7d, 12h)
sessions-status-invalid = --status "{ $value }": one of { $statuses }
sessions-span-invalid = --older-than "{ $value }": give a span such as 30d, 12h or 2w
prune-none = no finished session in { $place } is older than { $span }
prune-listed = { $n } finished session(s) in { $place } started more than { $span } ago:
prune-needs-yes = not deleted: pass --yes to delete without asking (standard input is not a terminal)
prune-ask = delete them? [y/N]
prune-nothing = nothing deleted
prune-kept = session { $id } kept: { $why }
prune-deleted = deleted { $n } session(s)

# Session lists and steering statistics.
sessions-none = no sessions in { $place }
sessions-chat = chat { $id }
sessions-turns = { $n } turns
sessions-h-session = session
sessions-h-started = started
sessions-h-status = status
sessions-h-request = request
stats-h-session = session
stats-h-request = request
stats-h-checkpoints = checkpoints
stats-h-auto = auto
stats-h-person = person
stats-h-time = time
stats-h-plans = plans changed
stats-h-changed = run changed
stats-yes = yes
stats-no = no
stats-total = total
stats-sessions = { $n } sessions
stats-of = { $n } of { $of }
stats-by-kind = checkpoints by kind: { $counts }
stats-answers = answers: { $counts }
stats-runs-changed = runs a person's answer changed: { $n } of { $of }
answer-approved = approved
answer-approved_for_session = approved for the session
answer-plan_edited = plan edited
answer-arguments_edited = arguments edited
answer-option_chosen = option chosen (the one in use)
answer-default_overridden = default overridden
answer-rejected = rejected
answer-limit_raised = limit raised
answer-aborted = aborted
show-plan = plan v{ $version }
session-not-found = session `{ $id }` not found in { $place }

# Citations read back (steer source, show --documents).
cited-not-a-citation = "{ $citation }" is not a citation like 001:75-77
cited-no-source = no source { $source } in the dataset ({ $origin })
cited-not-shipped = the dataset does not ship source { $source }'s document (other people's words): open { $file } at lines { $first }-{ $last }, or pass --documents DIR with the file in it
cited-outside = { $file } has { $lines } lines; { $citation } is outside it

# The ingest review.
review-source = source { $id } — { $title } ({ $lines } lines)
review-proposed = proposed
review-accepted = accepted
review-rejected = rejected
review-duplicate = duplicate
review-low = low confidence: { $reason }
review-counts = proposals: { $proposals }, accepted: { $accepted }, duplicates: { $duplicates }; drafts dropped by the evidence check: { $dropped }
review-not-drafted = not drafted ({ $n }): lines that state an amount or speak of a deal but yielded no proposal; add what they hold by hand
confidence-elsewhere = { $id } is not named on this line (taken from the text before)
confidence-no-amount = no amount is stated
confidence-no-amount-short = no amount
confidence-deal = { $from } pays { $to }: a { $kind } of { $amount }
confidence-figure = { $subject }'s { $metric } on this line
confidence-statement = words quoted from { $speaker }, for { $organisation }
confidence-entity = a name the dataset does not know: { $name }
duplicate-deal = the same parties, kind and amount as deal { $id }
duplicate-figure = the same subject, metric and value as figure { $id }
duplicate-statement = the same text as statement { $id }
duplicate-entity = entity { $id } exists
dataset-problems = the dataset in { $location } has { $n } problem(s):
dataset-missing-dir = there is no dataset directory { $dir } (--data, STEER_DATA or the config file names it)
tool-required-when = `{ $field }` is required when `{ $other }` is { $value }
tool-too-few-items = `{ $field }` must have at least { $min } item(s); got { $got }
eval-ingest-no-folder = { $dir } is not a folder: --ingest takes a folder of documents with an expected.toml beside them (see the book's "Adding sources")

# Command lines clap refused (English keeps clap's own words).
clap-unknown-argument = unknown argument `{ $arg }`; `steer --help` lists what each command takes
clap-unknown-command = unknown command `{ $arg }`; `steer --help` lists the commands
clap-invalid-value = `{ $value }` is not a value `{ $arg }` takes (allowed: { $valid })
clap-missing = a required argument is missing: { $arg }
clap-conflict = `{ $arg }` cannot be used with `{ $other }`
clap-other = the command line could not be read; `steer --help` shows how to write it

# Files the system refused.
io-not-found = no such file or directory
io-permission = permission denied
io-exists = it already exists
io-is-directory = it is a directory
io-not-directory = a part of the path is not a directory
io-full = the disk is full
io-other = { $error }
io-cannot-read = cannot read { $path }: { $why }
io-cannot-write = cannot write { $path }: { $why }
io-not-utf8 = { $path } is not UTF-8 text (byte { $at }); save it as UTF-8
clap-invalid-value-plain = `{ $value }` is not a value `{ $arg }` takes; `steer --help` says what it takes
last-none-of-kind = --last: no { $kind } session in { $place }
last-none = --last: no session in { $place }
store-bad-url = --store "{ $url }": not a store URL; use file:DIR or postgres://USER@HOST/DB
http-bad-address = --http { $addr }: not an address like 127.0.0.1:8080

# The command line's own messages.
cli-empty-request = the request is empty
cli-eval-what = give a question set, or --ingest DIR
cli-eval-below-floor = the score { $score } is below the floor { $floor }
cli-ingest-below-floor = recall { $recall } or precision { $precision } is below the floor { $floor }
cli-ingest-interrupted = { $error } (the ingest is session { $id }: `steer resume { $id }` carries on from the last answer)
cli-document-lang = --lang "{ $lang }": a document's language is en or ja
cli-imported = imported session { $id } into { $store }
cli-cannot-read-answer = cannot read the answer: { $error }
cli-id-or-last = give a session id or --last, not both
cli-chart-written = chart written to { $path }
cli-no-runtime = cannot start the async runtime: { $error }
cli-col-tool = tool
cli-col-description = description
cli-scripts-diverged = { $failed } of { $n } session script(s) diverged
cli-cannot-resolve = cannot resolve { $path }: { $error }
cli-cannot-read-stdin = cannot read { $what }: { $error }
cli-stdin-request = the request from stdin
cli-stdin-arguments = arguments from stdin
cli-json-failed = cannot write JSON: { $error }
cli-chat-needs-terminal = the chat needs a terminal; from a pipe or a script run a request with `steer ask -` (reads it from stdin) or `steer ask "REQUEST"`; `steer --help` lists the commands
lang-unknown = unknown language `{ $lang }`: use en, ja or auto
durability-unknown = durability must be `flush` (survives a killed process) or `sync` (also a power cut); got `{ $value }`
policy-unknown-class = unknown checkpoint class `{ $class }`: use { $classes }, or `all` / `none`
policy-empty = empty checkpoint policy: use { $classes }, `all` or `none`

# The config file and `steer config show`.
config-file = config file: { $path }
config-bad-file-at = { $path }, line { $line }: not a config file steer can read: { $detail }
config-bad-file = { $path }: not a config file steer can read: { $detail }
config-bad-value = { $path }: { $key }: { $detail }
config-col-setting = setting
config-col-value = value
config-col-source = source
config-unset = (unset)
config-key-set = set (not shown)
config-key-unset = not set
config-from-flag = flag
config-from-env = env { $name }
config-from-file = file { $path }
config-from-default = default

# Files and dataset writes that failed.
io-cannot-do = cannot { $action } { $path }: { $why }
write-unreadable = cannot read the file to append to: { $detail }
write-not-a-table = a record is a table of fields
write-not-tables = `{ $table }` in the file is not a list of [[{ $table }]] tables
write-invalid = not written: the dataset would not be valid with it: { $problems }
write-not-a-dataset = { $path } is not a dataset directory (it has no sources.toml); name a new directory, or one `--data` already uses
write-unwritten = not written: { $why }

# Argument problems of a known shape (the tools' own English is used in
# English; these word the same data for other languages).
tool-the-arguments = the arguments
tool-or = {" "}or{" "}
json-type = { $kind ->
    [string] a string
    [integer] an integer
    [number] a number
    [boolean] a boolean
    [array] an array
    [object] an object
    [null] null
   *[other] { $kind }
}
tool-too-many-items = { $field } must have at most { $max } item(s); got { $got }
tool-wrong-type = { $field } must be { $expected }; got { $got }
tool-not-one-of = { $field } must be one of { $allowed }; got { $got }
tool-one-key-of = { $field } must have exactly one of the keys { $keys }; got { $got }
tool-empty = { $field } must not be empty
tool-too-short = { $field } must have at least { $min } characters; got { $got }
tool-too-long = { $field } must have at most { $max } characters; got { $got }
tool-out-of-range = { $field } must be { $range }; got { $got }
range-min = at least { $value }
range-min-exclusive = above { $value }
range-max = at most { $value }
range-max-exclusive = below { $value }
range-and = {" "}and{" "}
tool-unknown-fields = unknown field(s) { $fields }{ $hint }; allowed fields: { $allowed }

# The MCP server's own messages.
http-remote-needs-flag = --http { $addr } is reachable from other machines; add --allow-remote (and set STEER_MCP_TOKEN or STEER_MCP_TOKENS) to serve it, or bind 127.0.0.1
http-remote-needs-token = --http { $addr } with --allow-remote needs a bearer token: set STEER_MCP_TOKEN, or STEER_MCP_TOKENS=NAME=TOKEN,... for one per person
mcp-serving-http = steer mcp: serving { $tools } tools on { $url }
mcp-serving-stdio = steer mcp: serving { $tools } tools on stdio
mcp-bad-input = steer mcp: cannot read the client's input: { $error }
mcp-no-resources = no resources here
mcp-cannot-listen = cannot listen on { $addr }: { $why }
mcp-no-local-addr = cannot read the listening address: { $why }
mcp-start-failed = MCP session failed to start: { $error }
mcp-ended = MCP session ended abnormally: { $error }

# The research run over MCP.
mcp-unknown-resource = unknown resource { $uri }: steer serves { $served } and steer://sessions/ID/report
mcp-no-report-yet = session { $id } has no report yet (it is paused or running)
mcp-answer-empty = the answer is empty
mcp-answer-misfit = the answer does not fit the form: { $error }
mcp-cannot-seal = cannot seal the request state: { $error }
mcp-no-form = cannot build the checkpoint form: { $error }
mcp-no-summary = cannot write the run summary: { $error }
mcp-not-asked = the question could not be asked: { $error }
mcp-tool-stopped = the tool stopped without a result: { $error }
io-cannot-create = cannot create { $path }: { $why }
mcp-stdio-only = `{ $name }` is served over stdio only: the documents and the dataset are on the server's machine
mcp-not-ingest-tool = `{ $name }` is not an ingest tool
mcp-not-research-tool = `{ $name }` is not a research tool

# steer eval's scorecards.
eval-col = { $column }
eval-failed = failed: { $error }
eval-refused-ok = refused, as expected
eval-refused = refused: { $why }
eval-not-refused = answered; a refusal was expected
eval-missing-tool = tool { $tool }
eval-missing-source = source { $source }
eval-unverified = unverified { $number }
eval-ok = ok
eval-missing = missing: { $items }
eval-totals = model { $model } · { $n } questions · score { $score }
    tool choice { $tools } · fact recall { $facts } · citations { $cites } · answers with unverified numbers { $unverified }
    refusals { $refused_ok }/{ $refused } as expected · answered questions refused { $wrongly } · failed { $failed } (stopped at a limit { $limited })
    checkpoints { $cps } · model calls { $calls } · tokens { $tokens } · wall time { $ms } ms
ingest-card-col = { $column }
ingest-card-all = all
ingest-card-lang = lang { $lang }
ingest-card-title = ingest scored with { $drafter }
ingest-card-list = { $title } ({ $n }):
ingest-card-missed = not drafted
ingest-card-wrong = drafted, not expected

# Annotated folders and question sets for steer eval.
eval-ingest-no-annotations = { $error } (an annotated folder holds expected.toml; see the book's "Adding sources")
eval-ingest-bad-annotations = { $path }: { $detail }
eval-ingest-bad-type = { $path }: record { $n } of `{ $document }`: type "{ $record }" is not deal, figure or statement
eval-ingest-no-document = { $path }: `{ $document }` is not a document in { $dir }
set-bad-toml-at = line { $line }: { $detail }
set-bad-toml = { $detail }
set-empty = no [[question]] in the file
set-question = question { $n } (`{ $id }`)
set-id-twice = the id is used twice
set-empty-request = `request` is empty
set-bad-lang = `lang` "{ $lang }" is not en, ja or auto
set-refuse-and-expect = a question expected to be refused cannot also expect tools, facts or sources
set-nothing-to-score = give `tools` or `facts` to score (or `refuse = true`)
scratch-dir-failed = cannot make a scratch directory: { $error }
replay-ok-ingest = (ingest: { $proposals } proposals, { $answers } answers logged)
replay-ok-run = ({ $calls } tool calls, { $checkpoints } checkpoints)

# Why a step has no result.
step-dependency-failed = not run: step `{ $step }` it depends on did not succeed
step-rejected = rejected by the user: { $feedback }
step-no-result = no result

# The chat's own lines.
chat-no-argument = { $name } takes no argument; got `{ $rest }`
chat-ingest-needs-document = /ingest takes a document, like /ingest weekly.md
chat-source-needs-citation = /source takes a citation, like /source 001:75-77
chat-unknown-command = unknown command { $name }; did you mean { $closest }?
chat-unknown-command-help = unknown command { $name }; /help lists the commands
chat-checkpoints = checkpoints: { $policy }
chat-checkpoints-next = checkpoints for the next requests: { $policy }
chat-model = model: { $model }
chat-model-next = model for the next requests: { $model }
chat-wrote = wrote { $path }
chat-plan-head = plan v{ $version } — { $goal }
chat-ingest-aborted = aborted: the records accepted so far are written, the rest are not
chat-no-editor = cannot start the line editor: { $error }
chat-cannot-read = cannot read input: { $error }
chat-chart-alt = { $title } (step { $step })
chat-ingest-needs-data = /ingest writes into a dataset directory: start the chat with --data DIR (created as a copy of the built-in dataset when missing), or run `steer ingest FILE --into DIR`
chat-source-not-in-dataset = (not in the dataset)
chat-col-source = source
chat-col-document = document
chat-col-file = file
import-exists = session { $id } already exists in { $dir }; nothing was imported
io-cannot-sync = cannot sync { $path }: { $why }
ingest-resume-unreadable = cannot read the document again to resume: { $error }
ingest-resume-changed = { $path } has changed since this ingest drafted its records; ingest it again as a new session

# A session store's refusals.
store-not-found = no such session: { $id }
store-in-use = session { $id } is in use by { $holder }; wait for it to finish or stop it, then resume
store-exists = session { $id } already exists
store-conflict = session { $id }: event { $seq } is already written (another writer appended it)
store-bad-id = session id "{ $id }" is not usable (letters, digits, - and _ only, at most 128)
store-ambiguous = `{ $part }` matches { $n } sessions; give more of the id: { $matches }
session-corrupt = { $path }:{ $line }: { $detail }
session-unreadable-row = not a readable session log; `steer show { $id }` says why
