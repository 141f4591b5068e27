export interface ScenarioOptions {
  /** Interleaved A/B rounds per measurement. */
  rounds: number;
  /** Sequential requests per round (one-client scenarios). */
  requests: number;
  /** Seconds per autocannon run (load scenarios). */
  seconds: number;
  /** Load-scenario client counts. */
  clients: number[];
}

export const FULL: ScenarioOptions = { rounds: 5, requests: 60, seconds: 5, clients: [10, 50, 200] };
export const QUICK: ScenarioOptions = { rounds: 2, requests: 10, seconds: 1, clients: [10] };
