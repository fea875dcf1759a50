# steer のメッセージ(日本語)。en.ftl のすべてのメッセージと同じ変数を持つ
# 対がここにあること(テストで確認)。データセットの項目と引用された発言は
# 保存されたまま表示し、ここを通さない。

## オフラインプランナーのレポート

off-banner = > steer のオフラインプランナーが作成:ツールの結果を読む決定的なプランナーで、言語モデルは使っていません。文章による分析にはモデルを設定してください(OPENAI_API_KEY または --base-url)。
off-heading-answer = ## 回答
off-heading-claims = ## 主張と出典
off-table-head = | 主張 | 値 | 出典 |
off-heading-notes = ## 注記
off-failed = 成功しなかったステップ:{ $steps }。
off-not-stated = 金額の明記なし
off-not-stated-note = 金額の明記なし({ $note })
off-money-up-to = 最大{ $amount }
off-money-about = 約{ $amount }
off-money-at-least = { $amount }以上
off-money-per-year = 年間{ $amount }
off-money-per-month = 月間{ $amount }
off-stake = 持分 { $pct }%
off-term = { $value }、期間 { $term }
off-cycles-none = データセットには { $party } を通る資金の循環はありません。
off-cycles = { $party } を通る資金の循環が { $count } 件あります。最も強いのは { $path } です。
off-cycles-cut = 検索結果は、少なくとも { $seen } 件ある資金の循環のうち上位 { $shown } 件です。ほかにもある可能性があります(ツールの注記を参照)。
off-cycles-budget = 検索は上限に達して止まりました。{ $complete } 件以下の取引からなる循環はすべて調べましたが、それより長いものは一部だけです。
off-cycle-smallest = 明記された最小の区間 { $amount }
off-cycle-no-amount = 金額の明記された区間なし
off-cycle-unstated = (金額の明記がない区間 { $count } 件)
off-totals-firm = 確定した一時金 { $amount }
off-totals-up-to = 上限額(「最大」){ $amount }
off-totals-at-least = 下限額(「以上」){ $amount }
off-totals-yearly = 年額 { $amount }
off-totals-none = 明記された金額なし
off-totals = { $party } が関わる取引 { $count } 件{ $without ->
    [0] {""}
   *[other] (うち資金の移動を伴わないもの { $without } 件)
}:{ $stated }。{ $unstated ->
    [0] 資金の移動を伴う取引はすべて金額が明記されています
   *[other] 金額の明記がない取引は { $unstated } 件です
}。
off-deals-between = { $party } と { $other } の間の
off-deals-involving = { $party } が関わる
off-deals-paid-by = { $party } が支払う
off-deals-paid-to = { $party } が受け取る
off-deals-kind = (種類:{ $kind })
off-deals = データセットには{ $who }取引{ $kind }が { $count } 件あります{ $unstated ->
    [0] {""}
   *[other] (うち金額の明記なし { $unstated } 件)
}。
off-base-claim = { $company } の売上ベース({ $basis })
off-no-commitments = { $company } の売上を { $amount } から予測しました。データセットには比較すべきコミットメントがありません。
off-commitments-claim = { $company } のコンピュート・コミットメント
off-over-years = { $years } 年間で { $amount }
off-chosen-base = 選ばれたベース { $amount }{ $figure } から、{ $years } 年間で { $total } を賄うには、売上が年 { $rate } 伸びる必要があります。
off-needs = { $years } 年間で { $total } を賄うには、売上が年 { $rate } 伸びる必要があります。
off-rate-from = { $base } からなら { $rate }
off-needs-depending = { $years } 年間で { $total } のコミットメントを賄うのに必要な売上の一定成長率は、ベースにより年 { $parts } です。
off-growth-claim = { $base } のベース({ $basis })から必要な成長率
off-rate-year = 年 { $rate }
off-funded = { $name }({ $description }):{ $year } 年までに賄える
off-not-funded = { $name }({ $description }):{ $year } 年までに賄えない(累計売上 { $revenue }、支払額 { $due })
off-scenarios = { $base } のベースから、シナリオ別に:{ $verdicts }。
off-material-note = 売上ベースの選び方で結論が変わります(下の「争いのある数字」を参照)。
off-figure-claim = { $subject } { $metric }{ $year }({ $basis }、{ $period })
off-figure-value = { $value }({ $basis })
off-figures-disagree = { $subject } の { $metric }{ $year } について、出典の数字が一致しません:{ $values }。
off-figure-note = { $subject } { $metric }{ $year }:{ $explanation }。
off-timeline = { $organisation } の { $topic } に関する発言(日付順):{ $entries }。
off-contradictions = 同じ組織内の矛盾が { $count } 件あります。たとえば { $first }({ $first_date }、{ $first_channel })は「{ $first_text }」と述べましたが、{ $second }({ $second_date }、{ $second_channel })は「{ $second_text }」と述べました。
off-statement-claim = { $speaker }({ $date }、{ $channel })— { $stance }
off-disagreements = 異なる組織間の意見の相違が { $count } 件あります(矛盾ではありません)。
off-list-separator = 、
off-clause-separator = {"; "}
off-sentence-gap = {""}
off-heading-details = ## 根拠
off-not-in-dataset = データセットにない名前：{ $names }。以下はデータセットにある情報だけに基づく回答です。
off-heading-unanswered = ## オフラインでは答えられなかった部分
off-unanswered = 「{ $part }」:{ $why }
off-list-and = { $init }、{ $last }
off-caveat = { $what }:出典自身の留保:{ $caveat }({ $sources })
off-exposure-note = { $party } が行った投資は支払義務ではないため、エクスポージャーには含めていません。
off-statement-of = { $speaker } の { $date } の発言
answer-yes = **はい。**
answer-no = **いいえ。**
answer-partly = **シナリオによります。**
answer-cannot-tell = **データセットからは判断できません。**
lead-projected-base = { $company } の売上の数字は予測({ $amount }、{ $period }、{ $sources })しかなく、これを現在の売上として使っています。測定値ではなく予測です。
lead-funding-no-commitments = データセットには { $company } の売上と比べるべきコンピュート・コミットメントの記録がありません。
lead-scenario-by = { $name }({ $year } 年までに)
lead-funding-none = { $company } の { $base } のベースからでは、どのシナリオでも { $years } 年以内に { $total } のコミットメントを賄えません。賄うには年 { $rate } の成長が必要です。
lead-funding-all = { $company } の { $base } のベースから、すべてのシナリオで { $years } 年以内に { $total } のコミットメントを賄えます:{ $funded }。
lead-funding-some = { $company } の { $base } のベースから、{ $years } 年間で { $total } のコミットメントを賄えるのは { $funded } で、{ $unfunded } では賄えません。賄うには年 { $rate } の成長が必要です。
lead-owed = { $name }({ $amount }、{ $kind }、{ $sources })
lead-exposure = { $top }:{ $party } が一つの相手に約束した明記額として最大で、{ $party } が支払えなくなった場合に最も影響を受けます。
lead-exposure-next = 次いで:{ $next }。
lead-exposure-unstated = ほかに { $party } が支払う相手(金額の明記なし):{ $names }。
lead-exposure-unranked = { $party } は { $names } に支払う約束がありますが、出典はどの金額も明記していないため順位は付けられません。
lead-exposure-none = データセットには { $party } が支払う取引の記録がありません。
lead-exposure-total = { $party } のコンピュート・コミットメントは全体で{ $amount }({ $period }、{ $sources })です。
lead-on-topic = の{ $topic }について
lead-contradicts = { $organisation }{ $topic }の発言は矛盾しています。下の矛盾を参照してください。
lead-consistent = { $organisation }{ $topic }の発言に矛盾は見つかりませんでした。
lead-quote = { $text }({ $sources } の要旨、{ $date }、{ $channel })
lead-said = { $speaker }{ $topic }の発言:{ $quotes }。
lead-said-nothing = データセットには { $speaker }{ $topic }の発言がありません。
lead-side = { $who }、{ $date }:{ $text }({ $sources } の要旨)
lead-disagree = { $topic }について、{ $names } は { $subject } と反対の立場です。{ $own }。これに対して:{ $quotes }。
lead-disagree-none = データセットには、{ $topic }について { $subject } と反対の立場をとる他の組織はありません。
lead-hop-deal = { $amount }({ $kind }、{ $sources })
lead-cycle = 資金は { $path } と循環しています:{ $hops }。
lead-no-cycle = データセットには { $names } のすべてを通る資金の循環はありません。
lead-overlap = { $names }。{ $party } はいずれにも出資しており、いずれも{ $what }。
lead-overlap-name = { $name }(出資:{ $invested }、{ $sources })
lead-overlap-chips = { $party } のチップを買っています
lead-overlap-pays = { $party } に支払っています
lead-overlap-none = データセットでは、{ $party } が出資した会社のうち { $party } に支払っている会社はありません。
lead-figure = { $metric }:{ $value }({ $period }、{ $basis }、{ $sources })
lead-figures = { $subject }:{ $values }。
lead-figures-none = データセットには { $subject } の{ $metric }の数字がありません。
lead-any-figure = 明記された
lead-why = 理由(出典の言葉):{ $reason }({ $sources })
lead-why-none = 出典は理由を述べていません。
lead-fall = { $amount }の減少
lead-compare-value = { $value }({ $basis }、{ $period }、{ $sources })
lead-compare-stated = { $subject }{ $year } の{ $metric }:{ $values }。
lead-compare-none = 出典には { $subject }{ $year } の{ $metric }の数字がありません。
lead-compare-range = 現在のベースから、示したシナリオでは { $year } 年に { $low } から { $high } です。
lead-compare-above = { $a } の数字は { $b } を上回ります。
lead-compare-below = { $a } の数字は { $b } を下回ります。
lead-compare-above-range = { $a } の数字は { $b } の最も高いシナリオさえ上回ります。
lead-compare-below-range = { $a } の数字は { $b } の最も低いシナリオを下回ります。
lead-compare-within-range = { $a } の数字は { $b } のシナリオの範囲内です。
lead-deal = { $description }({ $amount }、{ $sources })
lead-deals-between = { $party } と { $other } の間:{ $deals }。
lead-contract-other = 規模について出典の記述は一致しません。別の箇所では { $figures } とされています。
lead-contract-figure = { $value }({ $period }、{ $sources })
lead-deals = { $party } の金額の大きい取引({ $count } 件のうち { $shown } 件{ $unstated ->
    [0] {""}
   *[other] 、金額の記載なし { $unstated } 件
}):{ $deals }。
lead-deals-none = データセットには { $party } の取引の記録がありません。
off-deals-cut = 主張と出典の表には、この { $count } 件のうち { $shown } 件を載せています(明記された金額の大きい順)。すべて見るには `steer tools call deal_lookup '{ $arguments }'`。

## オフラインプランナーが認識するもの

intent-funding = 売上とコミットメントの比較
intent-exposure = 会社の支払いを受ける相手
intent-statements = 発言と矛盾
intent-disagreement = 組織をまたいだ反対意見
intent-circular = 資金の循環
intent-overlap = 出資先のうち出資元に支払っている会社
intent-figures = 会社の数字
intent-comparison = 会社どうしの比較
intent-terms = 契約の条件
intent-deals = 会社が関わる取引

## 文中で使うデータセットの言葉(取引の種類、指標、根拠、媒体、立場、話題)

word-investment = 投資
word-compute_contract = コンピュート契約
word-chip_purchase = チップ購入
word-capacity_guarantee = 容量保証
word-equity_stake = 株式保有
word-licensing = ライセンス
word-exclusivity = 独占条項
word-revenue_share = レベニューシェア
word-venture = ベンチャー投資
word-service_contract = サービス契約
word-debt = 負債(社債・融資)
word-revenue = 売上
word-valuation = 評価額
word-market_value_change = 時価総額の変化
word-weekly_active_users = 週間アクティブユーザー数
word-compute_commitments = コンピュート・コミットメント
word-ownership_stake = 持分
word-market_share = 市場シェア
word-price = 価格
word-ratio = 比率
word-contract_value = 契約額
word-reported = 報告値
word-annualized = 年換算値
word-projected = 予測
word-estimated = 推計
word-rumoured = 噂
word-interview = インタビュー
word-post = 投稿
word-letter = 書簡
word-podcast = ポッドキャスト
word-statement = 声明
word-public = 公開
word-private = 非公開
word-for = 賛成
word-against = 反対
word-mixed = 賛否両方
word-neutral = 中立
word-government_support = 政府支援
word-compute_capacity = 計算能力
word-financing = 資金調達
word-market_competition = 市場競争

## ランタイムが書くもの:判断とレポートの付録

who-you = あなたが
who-yes = --yes が自動で
who-session = チェックポイント { $checkpoint } の「このセッションでは承認」により
dec-abort = { $who }実行を中止しました
dec-plan-approve = { $who }計画 v{ $version } を承認しました(実行するステップ { $steps } 件)
dec-plan-edit = { $who }計画を編集しました。版 { $version } を実行しました
dec-plan-reject = { $who }計画 v{ $version } を却下しました:「{ $feedback }」
dec-confirm = { $who }ステップ { $step } を確認しました
dec-arguments = { $who }ステップ { $step } の引数を変更しました({ $changes })
dec-no-change = 引数の変更なし
dec-choose = { $who }{ $option } を選びました。ステップ { $steps } をそれで再実行しました
dec-skip = { $who }ステップ { $step } を飛ばしました:「{ $feedback }」
dec-keep = { $who }結果が使っている { $option } をそのまま採用しました
dec-keep-disagreement = { $who }不一致を報告したまま続行しました
dec-send-back = { $who }モデルに差し戻しました:「{ $feedback }」
dec-offplan-run = { $who }モデルに { $calls } の実行を許可しました
dec-offplan-refuse = { $who }{ $calls } を拒否しました:「{ $feedback }」
dec-rerun = { $who }ステップ { $step } を再実行しました
dec-without = { $who }ステップ { $step } なしで続行しました:「{ $feedback }」
dec-limit-stop = { $who }{ $limit } の上限を受け入れ、実行はそこで停止しました
dec-limit-raise = { $who }{ $limit } の上限を { $to } に引き上げました
about-plan = 計画 v{ $version }
about-flagged = ステップ { $step } は前提の上に立っています
about-failed = ステップ { $step } がツール内部で失敗しました
about-offplan = 承認済みの計画にない呼び出し
about-limit = { $limit } の上限
asked-not-asked = 確認していません(チェックポイントの方針で一時停止しない)
asked-not-asked-used = 確認していません(チェックポイントの方針で一時停止しない)。使用:{ $option }
asked-by-you = チェックポイント { $checkpoint } でのあなたの判断
asked-by-yes = チェックポイント { $checkpoint }、自動承認(--yes)
asked-by-session = チェックポイント { $checkpoint }、チェックポイント { $session } の「このセッションでは承認」による
asked-chose = 選択:{ $option } — { $who }
asked-kept = 使用:{ $option }(そのまま採用)— { $who }
asked-kept-disagreement = 不一致として報告し、続行 — { $who }
asked-edited = ステップ { $step } の引数を手で編集 — { $who }
asked-rejected = モデルに差し戻し:「{ $feedback }」— { $who }
asked-since = 。チェックポイント { $checkpoint } で確認した時点の内容で、その後の判断でステップは再実行されています
rep-contested = ## 争いのある数字と矛盾
rep-step = ステップ { $steps }
rep-steps = ステップ { $steps }
rep-offplan = ## 承認済みの計画にない呼び出し
rep-ran = 実行済み
rep-failed = 失敗
rep-not-run = 未実行
rep-decisions = ## 前提と判断
rep-decision = チェックポイント { $checkpoint }({ $about }):{ $what }。
rep-unverified = ## 未検証
rep-unverified-numbers = どのツール結果にも含まれない回答中の数字:{ $numbers }。
rep-unverified-sources = どのツール結果にも含まれない引用元:{ $sources }。
rep-stopped = # 実行を停止しました
rep-stopped-limit = 上限で停止しました:{ $limit }({ $allowed } 中 { $used })
rep-stopped-why = { $why }。停止前に完了したステップ:
rep-aborted-by-user = ユーザーが中止しました
rep-no-report = レポートなしで実行が終わりました

## 問い:カードが尋ねること(データをここで文にする)

topic-revenue-base-both = { $company } の売上ベースをどれにするか:出典の数字が一致せず、選び方で結論が変わります
topic-revenue-base-contested = { $company } の売上ベースについて出典の数字が一致しません
topic-revenue-base-material = { $company } の売上ベースの選び方で結論が変わります
topic-commitments = { $company } のコミットメントの捉え方が出典によって異なります
topic-projected-base = { $company } の売上の数字は予測しかありません。分析ではこれを現在の売上として使います
topic-figures = { $subject } の { $metric }{ $year } について出典の数字が一致しません
topic-contradiction = { $organisation } は { $topic } について自己矛盾しています(発言の組 { $pairs } 件)
option-label = { $amount }({ $qualifier })
effect-needs = 年 { $rate } の成長が必要
effect-needs-from = { $base } のベースから { $years } 年間、年 { $rate } の成長が必要
effect-covered = どの成長率でも賄える
effect-not-coverable = 成長率の範囲内では賄えない
effect-funded = { $scenarios } では { $year } 年までに賄える
effect-unfunded = { $scenarios } では賄えない
default-base-rule = 既定の規則による { $option }:報告値を年換算値や推計より優先し、次に最新の年、次に最小の値(資金の問いなので保守的に)
default-most-cited = 最も多くの出典文書が挙げる捉え方(同数なら会社自身の捉え方)である { $option }
default-arguments = 引数の指定どおり { $option }
default-only-figure = データセットにある唯一の売上の数字である { $option }

## チェックポイントのカード

card-title = ── チェックポイント { $number } · { $kind } ──
kind-plan_review = 計画の確認
kind-flagged_step = 前提のあるステップ
kind-conflicting_sources = 出典の不一致
kind-material_assumption = 結論を左右する前提
kind-off_plan_call = 計画外の呼び出し
kind-tool_failed = ツールの失敗
kind-limit = 上限
card-plan-head = 計画 v{ $version } · { $steps } ステップ(承認待ち { $to_approve })— { $goal }
card-asks-first = (実行前に確認)
card-legend-changed = * = 新規または変更されたステップ:承認すると実行されます
card-answers = 問いの「{ $part }」に答える
card-legend-flag = (実行前に確認) = 計画が前提を置いているステップ:その前で一時停止します
card-keys = この場面での各回答の意味:
card-keys-short = キー: { $keys }(? で各キーの働きを表示)
key-approve = a 承認
key-session = s
key-edit = e 編集
key-reject = r 却下
key-abort = q 中止
key-choose = { $range } 選択
plan-approve = * の付いたステップを実行する
plan-session = 同じく承認し、以後の計画の改訂も確認なしで承認する
plan-edit = エディタで計画を変更する
plan-reject = 変更点をモデルに伝え、計画し直させる
plan-abort = 中止する(何も実行しない)
reject-unavailable = 使えません:オフラインプランナーは文章のフィードバックに対応できません(代わりに編集を)
abort-finished = 中止する(完了した分をレポートに記載)
flagged-head = ステップ { $step }({ $tool })は前提の上に立っています:{ $why }
flagged-approve = ステップ { $step } を実行する
flagged-edit = ステップ { $step } の引数を変更する
flagged-reject = ステップ { $step } を飛ばす
offplan-head = モデルが承認済みの計画にないツールを呼び出そうとしています:
offplan-plan = 承認済みの計画({ $goal }):
offplan-none = 承認済みの計画はありません。
offplan-approve = これらの呼び出しを実行する
offplan-session = 同じく実行し、以後の計画外の呼び出しも確認なしで実行する
offplan-reject = 拒否する(実行しなかったことをモデルに伝える)
failed-head = ステップ { $step }({ $tool })がツール内部で失敗しました(依頼の問題ではなく steer の不具合です):{ $error }
failed-approve = ステップ { $step } を再実行する
failed-edit = ステップ { $step } の引数を変更して実行する
failed-reject = ステップ { $step } なしで続行する
limit-steps = ステップ数
limit-model-calls = モデル呼び出し回数
limit-retries = 無効な出力の再試行回数
limit-tokens = トークン数
limit-wall = 作業秒数
limit-head = 上限に達しました:{ $limit }({ $allowed } 中 { $used })。
limit-approve = ここで停止する(レポートには完了した内容が入ります)
limit-raise = { $limit } の上限を入力した数に引き上げて続行する
limit-raise-prompt = 新しい { $limit } の上限({ $allowed } より大きい数)>{" "}
limit-raise-invalid = { $text } は { $allowed } より大きい整数ではありません。チェックポイントは開いたままです
question-from = ステップ { $step }({ $tool })から
question-also = 。同じ選択:{ $others }
question-also-item = ステップ { $step }({ $tool }):{ $summary }
question-used-now = ← 現在使用中
question-sources = 出典:{ $sources }
question-meanwhile = 当面の使用:{ $default }。
question-reference = • = 参考:どのステップの引数でも選べない選択肢
question-choose = その選択肢を使う:ステップ { $steps } をそれで再実行し、以後この問いは尋ねない
question-keep = { $option } のまま続行する。以後この問いは尋ねない
question-keep-disagreement = 不一致をレポートに記載して続行する。以後この問いは尋ねない
question-session-conflict = 同じく続行し、このセッションでは出典の不一致で止まらない
question-session-assumption = 同じく続行し、このセッションでは前提の確認で止まらない
question-edit = ステップ { $step } の引数を手で変更する
question-reject = この結果の問題点をモデルに伝える
question-position = (これらの結果からの問い { $of } 件中 { $position } 件目)

## 端末でカードに答える

choice-limit = [a] ここで停止  [e] 上限を引き上げる  [q] 中止  [esc] 一時停止のまま
choice-failed = [a] 再実行  [e] 編集  [r] それなしで続行  [q] 中止  [esc] 一時停止のまま
choice-offplan = [a] 承認  [s] セッション中は承認  [r] 却下  [q] 中止  [esc] 一時停止のまま
choice-pick-one = [{ $n }] その選択肢を使う{"  "}
choice-pick-range = [{ $from }-{ $to }] その選択肢を使う{"  "}
choice-reject = [r] 却下{"  "}
choice-line = { $pick }[a] 承認  [s] セッション中は承認  [e] 編集  { $reject }[q] 中止  [esc] 一時停止のまま
choice-said-approve = 承認
choice-said-option = 選択肢 { $n } を使う
choice-said-session = このセッションでは承認
choice-abort-confirm = 実行を中止しますか? [y/N]{" "}
choice-yes = はい
choice-no = いいえ
choice-no-feedback-reader = オフラインプランナーは文章のフィードバックに対応できません。代わりに e で編集、a で承認、q で中止してください
choice-said-reject = 却下
choice-no-feedback = フィードバックがありません。チェックポイントは開いたままです
choice-said-edit = 編集
choice-enter = Enter は選択肢ではありません。文字のキーを押してください
choice-not-a-choice = { $key } は選択肢ではありません
choice-feedback = モデルへのフィードバック >{" "}
edit-no-change = 変更なし。チェックポイントは開いたままです
edit-accepted = 編集を受け付けました
edit-refused = steer: 編集は受け付けられませんでした:{ $problem }
    エディタを開き直します(空にして保存すると取り消し)

## コマンドライン自身の出力

cli-paused = steer: セッション { $id } のチェックポイント { $number }({ $kind })で一時停止しました。回答するには:steer resume { $id } { $answers }
cli-paused-short = 一時停止(セッション { $id })
cli-stopped-limit = 上限で停止しました:{ $limit }({ $allowed } 中 { $used })。上のレポートには停止前に完了した内容が入っています(セッション { $id })。続けるには上限を上げて再度質問してください。
cli-left-paused = 一時停止のままです。`steer resume { $id }` でチェックポイントに答えられます
cli-cancelled = 取り消しました。`steer resume { $id }` でセッションを続けられます(完了したステップは再実行しません)
cli-still-paused = { $error }。セッション { $id } はチェックポイント { $number } で一時停止したままです
cli-session-line = セッション { $id }({ $path })

## チャット

chat-help-intro = 調査の依頼を入力すると実行します。続けての質問は会話を引き継ぎます。
    行末の \ で次の行に続けます。Ctrl-C は実行中のステップを取り消す(セッションは
    再開できます)か、入力行を消します。Ctrl-D で終了します。
help-help = この一覧
help-plan = 現在の計画、その版と各ステップの状態
help-tools = エージェントが呼び出せる調査ツール
help-sources = 直前のレポートが引用する出典とその文書
help-source = 引用が指す行を表示(steer ingest で追加した文書)
help-ingest = 文書を --data のディレクトリに追加(提案された記録ごとにカード)
help-checkpoints = 一時停止する場所:plan,conflicts,assumptions,offplan | all | none
help-model = 使用中のモデル、または NAME に切り替え
help-save = 直前のレポートを Markdown で、図を SVG で書き出す
help-sessions = 記録されたセッションとその状態
help-resume = 一時停止中の実行、またはセッション ID を続ける
help-new = 新しい会話を始める
help-exit = 終了する(Ctrl-D でも)
chat-banner = steer { $version } · モデル { $model }{ $replayed } · データセット { $dataset }(取引 { $deals } 件、出典 { $sources } 件)· /help でコマンド一覧
chat-replayed = ({ $path } から再生)
chat-paused-at-exit = セッション { $id } は一時停止中です。`steer resume { $id }` で続けられます
chat-stays-paused = (セッション { $id } は一時停止のままです。/resume { $id } で続けられます)
chat-cancelled = 取り消しました。セッション { $id } は一時停止中です — /resume で続けられます(完了したステップは再実行しません)
chat-kept = セッション { $id } は残してあります。/resume { $id } でやり直せます
chat-left-paused = セッション { $id } はチェックポイント { $number } で一時停止中です。/resume で答えられます
chat-report = ── レポート ──
chat-report-footer = セッション { $id } · /save でこのレポート{ $charts }を書き出せます
chat-and-chart = と図
chat-and-charts = と図
chat-no-plan = まだ計画はありません
chat-no-report = まだレポートはありません
chat-no-report-save = まだレポートはありません。先に依頼を実行してください
chat-no-sources = 直前のレポートは出典を引用していません
chat-nothing-paused = 一時停止中のものはありません。/sessions で再開できるセッションを一覧できます
chat-new = 新しい会話

# 一致すべき数字が食い違う理由(statement_comparison の `explained`)。
off-basis-of = `{ $id }` は{ $basis }
off-bases-differ = 数字の根拠が異なります:{ $list }
off-bases-run-rate = 。年換算ランレートは直近の月や四半期を1年分に引き延ばした数字なので、成長中の企業ではその年に報告される売上を上回ります
off-bases-projected = 。予測は見通しであり、実績ではありません
off-same-basis-differ = `{ $low }` と `{ $high }` はどちらも{ $basis }ですが一致しません。出典どうしが食い違っているか、別の期間を指しています({ $low_period } と { $high_period })
off-bound-floor = `{ $id }` は下限(「以上」)で、ちょうどの値ではありません
off-bound-ceiling = `{ $id }` は上限(「最大」)で、ちょうどの値ではありません
off-bound-approx = `{ $id }` は概数です
off-attributed = `{ $id }` は { $who } による数字です

# オフラインプランナーの計画:目的と各ステップの理由。
plan-goal = { $goals }を明らかにする。
goal-and = 、そして
goal-sep = 、
goal-funding = { $company } の売上で支払い約束を賄えるか
goal-exposure = { $company } が支払えなくなったとき最も影響を受けるのは誰か
goal-statements = { $who } が何を述べ、発言に矛盾がないか
goal-disagreement = { $who } と反対の立場をとるのは誰か
goal-circular = { $company } をめぐる循環的な資金の流れ
goal-overlap = { $company } の投資先のうち { $company } に支払ってもいる企業
goal-metric = { $company } の{ $metric }
goal-figures = { $company } の数字
goal-compare = { $companies } の比較
goal-terms = { $first } と { $second } の間の条件
goal-deals = { $companies } が関わる取引
why-revenue-bases = 売上ベースの候補をすべて、根拠と出典つきで挙げる
why-project = 示されたシナリオで売上を予測して支払い約束と比べ、必要な成長率を解く
why-compute-contracts = 支払い約束の裏にある計算能力の契約を挙げる
why-payees = 同社の支払いを受け取る先を、明記された金額の順に
why-commitments = 支払い約束の総額と出典
why-statements = 発言を日付順に並べ、矛盾を探す
why-disagreement = その話題についての各組織の発言を並べ、反対の立場を探す
why-cycles = 同社を通る循環的な資金の流れを探す
why-totals = 出入りする資金の規模を測る
why-invests-in = 同社の投資先
why-pays-it = 同社に支払っている企業
why-figures = 数字を根拠・期間・出典つきで
why-figures-one = データセットにある1社の数字を出典つきで
why-figures-compare = 数字と予測を根拠つきで
why-project-compare = 比較のため、現在のベースから売上を予測する
why-terms = 両者の間のすべての取引と条件
why-stakes = 出典に明記された出資比率
why-between = 両者の間のすべての取引
why-deals = 同社が関わるすべての取引
why-contract-figure = 契約について出典自身が示す数字を、取引の金額と並べるために

# はい/いいえの問いに、それを述べる記録から答える。
answer-differ = **出典によって異なります。**
answer-not-stated = **記載なし。**データセットにはこの問いに是非を示す記述がありません。関連して保持している内容は以下のとおりです。
lead-verdict-basis = 判断の根拠:{ $text }({ $sources } の要旨)。

# 予測シナリオの成長モデル。
growth-cagr = 年 { $rate } で一定
growth-decaying = 初年度 { $start }、成長率は毎年 { $decay } ずつ低下、下限 { $floor }
growth-logistic = { $ceiling } に向かうS字曲線(傾き { $steepness })

# steer show: a session read back.
show-title = 調査レポート
show-meta = 質問日時 { $created } · モデル { $model } · { $status } · セッション { $id }
show-unfinished = このセッションにはまだレポートがありません(回答の前に止まりました)。`steer resume { $id }` で続けられます。
show-checkpoints = チェックポイントと判断
show-checkpoint = チェックポイント { $number }:
show-waiting = 回答待ち
show-by-policy = 自動で回答
show-by-person = 人が回答
show-by-person-in = 人が { $seconds } 秒で回答
show-sources = 出典
show-source-paraphrase = データセットによる要約です(出典の原文は渡されていません。--documents DIR で引用できます):
show-source-lines = 引用箇所:
show-source-unread = 引用箇所を読めませんでした: { $why }
show-cited-by = 引用した記録
show-charts = グラフ
show-generated = steer がセッション { $id } から作成しました。

# Tool errors, worded by the front-end (the tools write English).
tool-missing-field = 必須の項目 `{ $field }` がありません
tool-unknown-name = `{ $field }`: データセットに「{ $name }」という会社・人物はいません
tool-unknown-name-suggest = `{ $field }`: データセットに「{ $name }」という会社・人物はいません。{ $suggestions } のことですか?
tool-unknown = ツール `{ $name }` はありません{ $hint }。使えるツール: { $available }
tool-unknown-suggest = (`{ $suggestion }` のことですか?)
tool-invalid-json = `{ $tool }` の引数が JSON として読めません(行 { $line }、列 { $column })
tool-invalid-arguments = `{ $tool }` の引数が正しくありません: { $problems }
tool-more-problems = 。ほかに { $n } 件の問題
tool-failed = ツール `{ $tool }` が失敗しました: { $message }
tool-internal = { $tool } の内部エラー: { $message }。報告してください

# steer sessions: filters and prune.
sessions-too-far-back = { $flag } { $value }: さかのぼりすぎです
sessions-since-invalid = --since "{ $value }": 日付(2026-12-01)か、今からさかのぼる期間(7d、12h)を指定してください
sessions-status-invalid = --status "{ $value }": 次のどれかを指定してください: { $statuses }
sessions-span-invalid = --older-than "{ $value }": 30d、12h、2w のような期間を指定してください
prune-none = { $place } に { $span } より古い終了済みセッションはありません
prune-listed = { $place } で { $span } より前に始まった終了済みセッション { $n } 件:
prune-needs-yes = 削除していません: 確認なしで削除するには --yes を付けてください(標準入力が端末ではありません)
prune-ask = 削除しますか? [y/N]
prune-nothing = 何も削除していません
prune-kept = セッション { $id } は残しました: { $why }
prune-deleted = { $n } 件のセッションを削除しました

# Session lists and steering statistics.
sessions-none = { $place } にセッションはありません
sessions-chat = チャット { $id }
sessions-turns = { $n } 回のやりとり
sessions-h-session = セッション
sessions-h-started = 開始
sessions-h-status = 状態
sessions-h-request = 依頼
stats-h-session = セッション
stats-h-request = 依頼
stats-h-checkpoints = チェックポイント
stats-h-auto = 自動
stats-h-person = 人
stats-h-time = 所要時間
stats-h-plans = 計画の変更
stats-h-changed = 結果が変わった
stats-yes = はい
stats-no = いいえ
stats-total = 合計
stats-sessions = { $n } セッション
stats-of = { $of } 件中 { $n } 件
stats-by-kind = 種類別のチェックポイント: { $counts }
stats-answers = 回答: { $counts }
stats-runs-changed = 人の回答で結果が変わった実行: { $of } 件中 { $n } 件
answer-approved = 承認
answer-approved_for_session = このセッションで承認
answer-plan_edited = 計画を編集
answer-arguments_edited = 引数を編集
answer-option_chosen = 選択肢を選択(使用中のもの)
answer-default_overridden = 既定を変更
answer-rejected = 却下
answer-limit_raised = 上限を引き上げ
answer-aborted = 中止
show-plan = 計画 v{ $version }
session-not-found = { $place } にセッション `{ $id }` はありません

# Citations read back (steer source, show --documents).
cited-not-a-citation = 「{ $citation }」は 001:75-77 のような出典の指定ではありません
cited-no-source = データセット({ $origin })に出典 { $source } はありません
cited-not-shipped = データセットは出典 { $source } の文書(他者の言葉)を同梱していません: { $file } の { $first }-{ $last } 行目を開くか、そのファイルを置いたフォルダを --documents DIR で渡してください
cited-outside = { $file } は { $lines } 行しかありません。{ $citation } は範囲外です

# The ingest review.
review-source = 出典 { $id } — { $title }({ $lines } 行)
review-proposed = 提案
review-accepted = 採用
review-rejected = 却下
review-duplicate = 重複
review-low = 確度低: { $reason }
review-counts = 提案 { $proposals } 件、採用 { $accepted } 件、重複 { $duplicates } 件。根拠の確認で落とした下書き { $dropped } 件
review-not-drafted = 下書きなし({ $n } 行): 金額や取引を述べているのに提案にならなかった行です。内容は手で追加してください
confidence-elsewhere = { $id } はこの行に名前がありません(前の文から補いました)
confidence-no-amount = 金額が書かれていません
confidence-no-amount-short = 金額なし
confidence-deal = { $from } が { $to } に支払う: { $kind }、{ $amount }
confidence-figure = この行にある { $subject } の { $metric }
confidence-statement = { $speaker } の発言({ $organisation } として)
confidence-entity = データセットにない名前: { $name }
duplicate-deal = 取引 { $id } と当事者・種類・金額が同じ
duplicate-figure = 数値 { $id } と対象・指標・値が同じ
duplicate-statement = 発言 { $id } と本文が同じ
duplicate-entity = エンティティ { $id } は既にあります
dataset-problems = { $location } のデータセットに問題が { $n } 件あります:
dataset-missing-dir = データセットのディレクトリ { $dir } がありません(--data、STEER_DATA または設定ファイルで指定されています)
tool-required-when = `{ $other }` が { $value } のときは `{ $field }` が必要です
tool-too-few-items = `{ $field }` には少なくとも { $min } 件必要です(指定は { $got } 件)
eval-ingest-no-folder = { $dir } はフォルダではありません: --ingest には文書と expected.toml を置いたフォルダを指定します(本の「Adding sources」を参照)

# Command lines clap refused (English keeps clap's own words).
clap-unknown-argument = 不明な引数 `{ $arg }` です。各コマンドの引数は `steer --help` で確認できます
clap-unknown-command = 不明なコマンド `{ $arg }` です。コマンドの一覧は `steer --help` で確認できます
clap-invalid-value = `{ $value }` は `{ $arg }` に指定できる値ではありません(指定できる値: { $valid })
clap-missing = 必須の引数がありません: { $arg }
clap-conflict = `{ $arg }` は `{ $other }` と一緒に使えません
clap-other = コマンドラインを読めませんでした。書き方は `steer --help` で確認できます

# Files the system refused.
io-not-found = ファイルまたはディレクトリがありません
io-permission = 権限がありません
io-exists = 既にあります
io-is-directory = ディレクトリです
io-not-directory = パスの途中がディレクトリではありません
io-full = ディスクがいっぱいです
io-other = { $error }
io-cannot-read = { $path } を読めません: { $why }
io-cannot-write = { $path } に書き込めません: { $why }
io-not-utf8 = { $path } は UTF-8 のテキストではありません({ $at } バイト目)。UTF-8 で保存してください
clap-invalid-value-plain = `{ $value }` は `{ $arg }` に指定できる値ではありません。指定できる値は `steer --help` で確認できます
last-none-of-kind = --last: { $place } に { $kind } のセッションはありません
last-none = --last: { $place } にセッションはありません
store-bad-url = --store "{ $url }": セッションの保存先として読めません。file:DIR か postgres://USER@HOST/DB を指定してください
http-bad-address = --http { $addr }: 127.0.0.1:8080 のようなアドレスではありません

# The command line's own messages.
cli-empty-request = 依頼が空です
cli-eval-what = 質問集のファイルか --ingest DIR を指定してください
cli-eval-below-floor = 得点 { $score } が下限 { $floor } を下回りました
cli-ingest-below-floor = 再現率 { $recall } または適合率 { $precision } が下限 { $floor } を下回りました
cli-ingest-interrupted = { $error }(この取り込みはセッション { $id } です。`steer resume { $id }` で最後の回答から続けられます)
cli-document-lang = --lang "{ $lang }": 文書の言語は en か ja です
cli-imported = セッション { $id } を { $store } に取り込みました
cli-cannot-read-answer = 回答を読めません: { $error }
cli-id-or-last = セッション ID か --last のどちらか一方を指定してください
cli-chart-written = グラフを { $path } に書き出しました
cli-no-runtime = 非同期ランタイムを起動できません: { $error }
cli-col-tool = ツール
cli-col-description = 説明
cli-scripts-diverged = セッションスクリプト { $n } 件のうち { $failed } 件が記録と食い違いました
cli-cannot-resolve = { $path } の絶対パスを求められません: { $error }
cli-cannot-read-stdin = { $what }を読めません: { $error }
cli-stdin-request = 標準入力の依頼
cli-stdin-arguments = 標準入力の引数
cli-json-failed = JSON を書き出せません: { $error }
cli-chat-needs-terminal = チャットには端末が必要です。パイプやスクリプトからは `steer ask -`(標準入力から読む)か `steer ask "依頼"` で依頼してください。コマンドの一覧は `steer --help` で表示できます
lang-unknown = 言語 `{ $lang }` は使えません。en、ja、auto のいずれかを指定してください
durability-unknown = durability は `flush`(プロセスが強制終了されても残る)か `sync`(停電でも残る)のどちらかです。指定された値: `{ $value }`
policy-unknown-class = チェックポイントの種類 `{ $class }` はありません。{ $classes }、または `all` / `none` を指定してください
policy-empty = チェックポイントの方針が空です。{ $classes }、`all`、`none` のいずれかを指定してください

# The config file and `steer config show`.
config-file = 設定ファイル: { $path }
config-bad-file-at = { $path } の { $line } 行目: 設定ファイルとして読めません: 「{ $detail }」
config-bad-file = { $path }: 設定ファイルとして読めません: 「{ $detail }」
config-bad-value = { $path }: { $key }: { $detail }
config-col-setting = 設定
config-col-value = 値
config-col-source = 出所
config-unset = (未設定)
config-key-set = 設定済み(表示しません)
config-key-unset = 未設定
config-from-flag = フラグ
config-from-env = 環境変数 { $name }
config-from-file = ファイル { $path }
config-from-default = 既定値

# Files and dataset writes that failed.
io-cannot-do = { $path } の{ $action }に失敗しました: { $why }
write-unreadable = 追記するファイルを読めません: 「{ $detail }」
write-not-a-table = レコードはフィールドの表でなければなりません
write-not-tables = ファイルの `{ $table }` が [[{ $table }]] の表の並びではありません
write-invalid = 書き込みませんでした。追加するとデータセットが不正になります: { $problems }
write-not-a-dataset = { $path } はデータセットのディレクトリではありません(sources.toml がありません)。新しいディレクトリか、`--data` で使っているディレクトリを指定してください
write-unwritten = 書き込みませんでした: { $why }

# Argument problems of a known shape (the tools' own English is used in
# English; these word the same data for other languages).
tool-the-arguments = 引数
tool-or = 、または
json-type = { $kind ->
    [string] 文字列
    [integer] 整数
    [number] 数値
    [boolean] 真偽値
    [array] 配列
    [object] オブジェクト
    [null] null
   *[other] { $kind }
}
tool-too-many-items = { $field } は { $max } 件までです(指定は { $got } 件)
tool-wrong-type = { $field } は { $expected } でなければなりません(指定された値: { $got })
tool-not-one-of = { $field } は { $allowed } のいずれかでなければなりません(指定された値: { $got })
tool-one-key-of = { $field } にはキー { $keys } のどれか 1 つだけが必要です(指定された値: { $got })
tool-empty = { $field } は空にできません
tool-too-short = { $field } は { $min } 文字以上必要です(指定は { $got } 文字)
tool-too-long = { $field } は { $max } 文字までです(指定は { $got } 文字)
tool-out-of-range = { $field } は { $range } でなければなりません(指定された値: { $got })
range-min = { $value } 以上
range-min-exclusive = { $value } より大きい値
range-max = { $value } 以下
range-max-exclusive = { $value } 未満
range-and = 、かつ{" "}
tool-unknown-fields = 不明なフィールド { $fields }{ $hint }。使えるフィールド: { $allowed }

# The MCP server's own messages.
http-remote-needs-flag = --http { $addr } はほかのマシンから接続できます。公開するには --allow-remote を付け(STEER_MCP_TOKEN か STEER_MCP_TOKENS も設定)、そうでなければ 127.0.0.1 で待ち受けてください
http-remote-needs-token = --http { $addr } に --allow-remote を付けるにはベアラートークンが必要です。STEER_MCP_TOKEN を設定するか、一人ずつなら STEER_MCP_TOKENS=NAME=TOKEN,... を設定してください
mcp-serving-http = steer mcp: { $url } で { $tools } 個のツールを提供しています
mcp-serving-stdio = steer mcp: 標準入出力で { $tools } 個のツールを提供しています
mcp-bad-input = steer mcp: クライアントからの入力を読めません: { $error }
mcp-no-resources = ここにリソースはありません
mcp-cannot-listen = { $addr } で待ち受けられません: { $why }
mcp-no-local-addr = 待ち受けアドレスを読めません: { $why }
mcp-start-failed = MCP セッションを開始できませんでした: { $error }
mcp-ended = MCP セッションが異常終了しました: { $error }

# The research run over MCP.
mcp-unknown-resource = リソース { $uri } はありません。steer が提供するのは { $served } と steer://sessions/ID/report です
mcp-no-report-yet = セッション { $id } にはまだレポートがありません(一時停止中か実行中です)
mcp-answer-empty = 回答が空です
mcp-answer-misfit = 回答がフォームに合いません: { $error }
mcp-cannot-seal = リクエストの状態を封印できません: { $error }
mcp-no-form = チェックポイントのフォームを作れません: { $error }
mcp-no-summary = 実行の要約を書き出せません: { $error }
mcp-not-asked = 質問を送れませんでした: { $error }
mcp-tool-stopped = ツールが結果を返さずに止まりました: { $error }
io-cannot-create = { $path } を作成できません: { $why }
mcp-stdio-only = `{ $name }` は標準入出力でのみ提供します。文書とデータセットはサーバーのマシンにあるためです
mcp-not-ingest-tool = `{ $name }` は取り込みのツールではありません
mcp-not-research-tool = `{ $name }` は調査のツールではありません

# steer eval's scorecards.
eval-col = { $column ->
    [question] 質問
    [score] 得点
    [tools] ツール
    [facts] 事実
    [sources] 出典
    [pauses] 停止
    [calls] 呼び出し
    [ms] ミリ秒
    [outcome] 結果
   *[other] { $column }
}
eval-failed = 失敗: { $error }
eval-refused-ok = 想定どおり断った
eval-refused = 断った: { $why }
eval-not-refused = 回答した(断るのが想定)
eval-missing-tool = ツール { $tool }
eval-missing-source = 出典 { $source }
eval-unverified = 未検証の数字 { $number }
eval-ok = 良好
eval-missing = 不足: { $items }
eval-totals = モデル { $model } · 質問 { $n } 件 · 得点 { $score }
    ツール選択 { $tools } · 事実の再現 { $facts } · 出典 { $cites } · 未検証の数字を含む回答 { $unverified }
    断るべき質問 { $refused } 件中 { $refused_ok } 件を想定どおり断った · 答えるべき質問を断った { $wrongly } · 失敗 { $failed }(上限で停止 { $limited })
    チェックポイント { $cps } · モデル呼び出し { $calls } · トークン { $tokens } · 所要時間 { $ms } ミリ秒
ingest-card-col = { $column ->
    [records] レコード
    [expected] 正解
    [found] 検出
    [recall] 再現率
    [drafted] 提案
    [right] 正しい提案
    [precision] 適合率
   *[other] { $column }
}
ingest-card-all = すべて
ingest-card-lang = 言語 { $lang }
ingest-card-title = 取り込みの採点(起草: { $drafter })
ingest-card-list = { $title }({ $n } 件):
ingest-card-missed = 起草されなかったもの
ingest-card-wrong = 起草されたが正解にないもの

# Annotated folders and question sets for steer eval.
eval-ingest-no-annotations = { $error }(注釈つきのフォルダには expected.toml が必要です。本の「Adding sources」を参照してください)
eval-ingest-bad-annotations = { $path }: 読めません: 「{ $detail }」
eval-ingest-bad-type = { $path }: `{ $document }` のレコード { $n }: 種類 "{ $record }" は deal、figure、statement のいずれでもありません
eval-ingest-no-document = { $path }: `{ $document }` は { $dir } にある文書ではありません
set-bad-toml-at = { $line } 行目: 読めません: 「{ $detail }」
set-bad-toml = 読めません: 「{ $detail }」
set-empty = ファイルに [[question]] がありません
set-question = 質問 { $n }(`{ $id }`)
set-id-twice = id が 2 回使われています
set-empty-request = `request` が空です
set-bad-lang = `lang` "{ $lang }" は en、ja、auto のいずれでもありません
set-refuse-and-expect = 断ることを想定した質問には、ツール・事実・出典の想定を書けません
set-nothing-to-score = 採点のため `tools` か `facts` を指定してください(または `refuse = true`)
scratch-dir-failed = 作業用のディレクトリを作れません: { $error }
replay-ok-ingest = (取り込み: 提案 { $proposals } 件、記録された回答 { $answers } 件)
replay-ok-run = (ツール呼び出し { $calls } 件、チェックポイント { $checkpoints } 件)

# Why a step has no result.
step-dependency-failed = 実行せず: 依存するステップ `{ $step }` が成功しなかった
step-rejected = 利用者が却下: { $feedback }
step-no-result = 結果なし

# The chat's own lines.
chat-no-argument = { $name } は引数を取りません(指定: `{ $rest }`)
chat-ingest-needs-document = /ingest には文書を指定します。例: /ingest weekly.md
chat-source-needs-citation = /source には引用を指定します。例: /source 001:75-77
chat-unknown-command = コマンド { $name } はありません。{ $closest } のことですか?
chat-unknown-command-help = コマンド { $name } はありません。/help でコマンドの一覧を表示できます
chat-checkpoints = チェックポイント: { $policy }
chat-checkpoints-next = 次の依頼からのチェックポイント: { $policy }
chat-model = モデル: { $model }
chat-model-next = 次の依頼からのモデル: { $model }
chat-wrote = { $path } に書き出しました
chat-plan-head = 計画 v{ $version } — { $goal }
chat-ingest-aborted = 中止しました。それまでに承認したレコードは書き込み済みで、残りは書き込んでいません
chat-no-editor = 行エディタを起動できません: { $error }
chat-cannot-read = 入力を読めません: { $error }
chat-chart-alt = { $title }(ステップ { $step })
chat-ingest-needs-data = /ingest はデータセットのディレクトリに書き込みます。--data DIR を付けてチャットを起動するか(なければ組み込みのデータセットの複製として作られます)、`steer ingest FILE --into DIR` を実行してください
chat-source-not-in-dataset = (データセットにない)
chat-col-source = 出典
chat-col-document = 文書
chat-col-file = ファイル
import-exists = セッション { $id } は { $dir } にすでにあります。何も取り込んでいません
io-cannot-sync = { $path } を同期できません: { $why }
ingest-resume-unreadable = 再開のために文書をもう一度読めません: { $error }
ingest-resume-changed = { $path } はこの取り込みがレコードを起草した後に変更されています。新しいセッションとして取り込み直してください

# A session store's refusals.
store-not-found = セッション { $id } はありません
store-in-use = セッション { $id } は { $holder } が使用中です。終わるのを待つか止めてから再開してください
store-exists = セッション { $id } はすでにあります
store-conflict = セッション { $id }: イベント { $seq } はすでに書き込まれています(別の書き手が追記しました)
store-bad-id = セッション ID "{ $id }" は使えません(英数字、- と _ のみ、128 文字まで)
store-ambiguous = `{ $part }` に一致するセッションが { $n } 件あります。ID をもう少し長く指定してください: { $matches }
session-corrupt = { $path }:{ $line }: セッションの記録として読めません: 「{ $detail }」
session-unreadable-row = 読めないセッションの記録です。理由は `steer show { $id }` で表示できます
