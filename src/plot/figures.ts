// The figure registry: one entry per paper figure or table an experiment file can list under `figures`
// (algorithms.md names them). Data only; src/plot/draw-figure.ts turns an entry and a results folder into files.

/** Which episodes a curve uses: evaluation episodes (the papers test every 10 epochs), training ones, or eval when present. */
export type PhaseChoice = 'eval' | 'train' | 'auto';

interface FigureBase {
  readonly id: string;
  /** The paper's caption, shortened. */
  readonly title: string;
}

/** Mean ± std over seeds against the training epoch, one line per algorithm/grid label, one panel per scenario. */
export interface CurveFigure extends FigureBase {
  readonly kind: 'curve';
  /** Column of episodes.csv; the first one present is used (controllers add their own columns). */
  readonly metrics: readonly string[];
  readonly phase: PhaseChoice;
  readonly xTitle: string;
  readonly yTitle: string;
  /** The paper's legend name of an algorithm id (e.g. svmix → SVMIX); ids not listed keep their id. */
  readonly legend?: Readonly<Record<string, string>>;
}

/** Per epoch from comm.csv: successful mixing rate ρ_r = Σ mixed / Σ replicas (RSM-MASAC Fig. 7). */
export interface MixingRateFigure extends FigureBase {
  readonly kind: 'mixing-rate';
  readonly xTitle: string;
  readonly yTitle: string;
}

/** Mean ± std over seeds of a metric averaged over the last `lastEpochs` epochs, one point per group. */
export interface FinalFigure extends FigureBase {
  readonly kind: 'final';
  readonly metrics: readonly string[];
  readonly phase: PhaseChoice;
  /** RSM-MASAC Fig. 9: testing epochs 130…200 = the last 8 tests; MA-PMBRL Fig. 7: last five episodes. */
  readonly lastEpochs: number;
  readonly xTitle: string;
  readonly yTitle: string;
}

/**
 * RSM-MASAC Fig. 8: per ordered agent pair, the segments received and the segments of mixed replicas over a run
 * (comm-matrix.csv, src/metrics/comm-matrix.ts), as two heatmaps; one figure per run that wrote the file.
 */
export interface CommHeatmapFigure extends FigureBase {
  readonly kind: 'comm-heatmap';
  readonly phase: 'train' | 'eval';
  readonly xTitle: string;
  readonly yTitle: string;
}

/**
 * Boxplots (median, quartiles, 1.5 IQR whiskers, outliers) of a metric over a window of test epochs, one box per group
 * (RSM-MASAC Fig. 9: testing epochs 130–200). A box holds one value per test epoch in the window: the mean over the
 * group's seeds of that epoch's metric. Decision: a group with no test inside the window (a shorter budget) uses its
 * last `fallbackTests` tests instead, and the subtitle says so.
 */
export interface BoxplotFigure extends FigureBase {
  readonly kind: 'boxplot';
  readonly metrics: readonly string[];
  readonly fromEpoch: number;
  readonly toEpoch: number;
  readonly fallbackTests: number;
  readonly xTitle: string;
  readonly yTitle: string;
}

/** RSM-MASAC Table V: average reward per step (last five tests), ρ_total, ψ (GB), ρ_ef, ρ_r per method. */
export interface CommEfficiencyTable extends FigureBase {
  readonly kind: 'rsm-table';
  readonly lastEpochs: number;
}

/** RSM-MASAC Table V row for row (src/plot/table5.ts): the paper's 12 rows, paper / cavlab per cell, "pending" without runs. */
export interface PaperTable5 extends FigureBase {
  readonly kind: 'paper-table5';
  readonly lastEpochs: number;
}

/** MA-PMBRL Table 3: communication overhead (comm.csv bytes) per communication range. */
export interface CommOverheadTable extends FigureBase {
  readonly kind: 'overhead-table';
}

/**
 * Policy Reciprocity's Digital experiment (digital-episodes.csv of `cavlab run experiments/pr/digital.json`):
 * `metric` against the episode, mean ± std over seeds, one line per algorithm and κ (PR Fig. 2–4).
 */
export interface DigitalFigure extends FigureBase {
  readonly kind: 'digital';
  readonly metric: string;
  readonly yTitle: string;
}

/** PR Fig. 2-upper: each agent's π_i(a|s) for a few states at the last policy snapshot (src/plot/pr-figures.ts). */
export interface PrPolicyAgentsFigure extends FigureBase {
  readonly kind: 'pr-policy-agents';
  readonly kappa: number;
  /** Decision: the paper "randomly select[s] some state-action pairs"; these states at action 0. */
  readonly states: readonly number[];
}

/** PR Fig. 3: π_i(a|s) over the states at κ = 1 for the paper's agents 3, 6, 9, 12, 15, 18 (1-based). */
export interface PrConsensusFigure extends FigureBase {
  readonly kind: 'pr-consensus';
  readonly agents: readonly number[];
}

/** PR Fig. 4: average return of IQL and IQL+PR per episode, one panel per tabular environment. */
export interface PrReturnsFigure extends FigureBase {
  readonly kind: 'pr-returns';
  readonly kappa: number;
}

export type FigureSpec = CurveFigure | MixingRateFigure | FinalFigure | CommHeatmapFigure | BoxplotFigure | CommEfficiencyTable | PaperTable5 | CommOverheadTable | DigitalFigure | PrPolicyAgentsFigure | PrConsensusFigure | PrReturnsFigure;

const EPOCH = 'Training epoch';
const REWARD = 'Average reward';

// RSM-MASAC's "average reward" is per step (src/plot/results.ts REWARD_PER_STEP).
const PER_STEP = ['reward_per_step'] as const;

function curve(id: string, title: string, yTitle = REWARD, metrics: readonly string[] = PER_STEP, phase: PhaseChoice = 'auto', xTitle = EPOCH, legend?: Readonly<Record<string, string>>): CurveFigure {
  return { id, kind: 'curve', title, metrics, phase, xTitle, yTitle, ...(legend === undefined ? {} : { legend }) };
}

// MA-PMBRL plots its utility (eq. 21) per training episode: `utility_eq21`, derived for every run from the runner's
// columns (src/plot/results.ts), so the IDM reference and SAC are measured like the model-based controllers.
const UTILITY = ['utility_eq21', 'utility', 'return'] as const;

/**
 * MA-PMBRL Fig. 3's legend names for the methods its text names unambiguously. Decision: `isac` and `idm` keep
 * their ids (the text calls the former both "SAC" and "MA-SAC", the latter the SMARTS "optimal baseline").
 */
const MA_PMBRL_FIG3_LEGEND = { 'ma-pmbrl': 'MA-PMBRL', mbpo: 'MBPO', firl: 'FIRL', 'ma-pets': 'MA-PETS', svmix: 'SVMIX' } as const;

export const FIGURES: readonly FigureSpec[] = [
  curve('learning-curve', 'Learning curves', 'Episode return', ['return']),
  curve('rsm-masac/fig5', 'Performance of IRL without communication (RSM-MASAC Fig. 5)'),
  curve('rsm-masac/fig6', 'Performance comparison of different methods (RSM-MASAC Fig. 6)'),
  curve('rsm-masac/fig13', 'Continual fine-tuning vs test only with all 14 vehicles learning, Figure 8 (RSM-MASAC Fig. 13)', REWARD, PER_STEP, 'eval'),
  { id: 'rsm-masac/fig7', kind: 'mixing-rate', title: 'Effect of segmentation on mixing rate (RSM-MASAC Fig. 7)', xTitle: EPOCH, yTitle: 'Successful mixing rate ρ_r' },
  { id: 'rsm-masac/fig8', kind: 'comm-heatmap', title: 'Communication times and effective mixture times per agent pair (RSM-MASAC Fig. 8)', phase: 'train', xTitle: 'Sending agent j', yTitle: 'Receiving agent i' },
  // x title: the grid key is named on the axis ("P" or "κ") when the runs differ in one of them (draw-figure.ts).
  { id: 'rsm-masac/fig9', kind: 'boxplot', title: 'RSM-MASAC w.r.t. P and κ, testing epochs 130–200 (RSM-MASAC Fig. 9)', metrics: PER_STEP, fromEpoch: 130, toEpoch: 200, fallbackTests: 8, xTitle: 'Setting', yTitle: REWARD },
  curve('rsm-masac/fig10', 'Impact of the target smoothing coefficient ϱ under Merge (RSM-MASAC Fig. 10)'),
  curve('rsm-masac/fig11', 'Double versus single Q network under Merge (RSM-MASAC Fig. 11)'),
  curve('rsm-masac/fig12', 'Impact of the communication interval U under Merge (RSM-MASAC Fig. 12)'),
  curve('rsm-masac/fig14', 'Different PRR in communication under Figure 8 (RSM-MASAC Fig. 14)'),
  { id: 'rsm-masac/table5', kind: 'rsm-table', title: 'Average reward and communication efficiency (RSM-MASAC Table V)', lastEpochs: 5 },
  { id: 'rsm-masac/table5-paper', kind: 'paper-table5', title: 'Results of average reward and communication efficiency under Merge, paper / cavlab (RSM-MASAC Table V)', lastEpochs: 5 },
  { id: 'pr/fig2-upper', kind: 'pr-policy-agents', title: 'Normalized policy distribution per agent, Digital, IQL+PR κ = 0.5 (PR Fig. 2, upper)', kappa: 0.5, states: [0, 4, 8, 12, 16] },
  { id: 'pr/digital-policy', kind: 'digital', title: 'Policy consensus in the Digital environment (PR Fig. 2, bottom)', metric: 'policy_mse', yTitle: 'MSE to the average policy' },
  { id: 'pr/fig3', kind: 'pr-consensus', title: 'Policy consensus at κ = 1, agents 3, 6, 9, 12, 15, 18 (PR Fig. 3)', agents: [3, 6, 9, 12, 15, 18] },
  { id: 'pr/fig4', kind: 'pr-returns', title: 'Average return on the discrete environments (PR Fig. 4)', kappa: 0.5 },
  { id: 'pr/digital-consensus', kind: 'digital', title: 'Consensus error of the Q-tables, Digital (Theorem 2; no paper figure)', metric: 'consensus_q', yTitle: 'Consensus error' },
  { id: 'pr/digital-return', kind: 'digital', title: 'Average return in the Digital environment, all κ (PR Fig. 4 has no Digital panel)', metric: 'return_team', yTitle: 'Average return' },
  curve('pr/sac-pr', 'SAC versus SAC+PR'),
  curve('ma-pmbrl/fig3', 'Utility in the unprotected intersection (MA-PMBRL Fig. 3); SAC and MBPO at MA-PMBRL\'s budget of 1 SAC update per env step', 'Utility (m per step per CAV)', UTILITY, 'train', 'Episode', MA_PMBRL_FIG3_LEGEND),
  curve('ma-pmbrl/fig4', 'Utility of the PGD solution choices (MA-PMBRL Fig. 4)', 'Utility', UTILITY, 'train', 'Episode'),
  curve('ma-pmbrl/fig5', 'Performance under different communication ranges d (MA-PMBRL Fig. 5)', 'Utility', UTILITY, 'train', 'Episode'),
  { id: 'ma-pmbrl/fig6', kind: 'final', title: 'Minimum clique cover number against communication range d (MA-PMBRL Fig. 6)', metrics: ['clique_cover'], phase: 'train', lastEpochs: 1_000_000, xTitle: 'Communication range', yTitle: 'Minimum clique cover number' },
  { id: 'ma-pmbrl/fig7', kind: 'final', title: 'Utility across rollout lengths, last five episodes (MA-PMBRL Fig. 7)', metrics: UTILITY, phase: 'train', lastEpochs: 5, xTitle: 'Rollout length', yTitle: 'Utility' },
  { id: 'ma-pmbrl/table3', kind: 'overhead-table', title: 'Communication overhead per communication range d (MA-PMBRL Table 3)' },
];

export const FIGURE_IDS: readonly string[] = FIGURES.map((f) => f.id);
