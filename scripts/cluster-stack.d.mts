// Types for scripts/cluster-stack.mjs (the e2e cluster fixtures import it from TypeScript).
import type { ChildProcess } from "node:child_process";

export type InstanceName = "a" | "b";

export type ClusterInstance = {
  name: InstanceName;
  port: number;
  url: string;
  /** The app instance id of the running (or last) process: app_instances.id, sync_leases.holder. */
  id: string | null;
  child: ChildProcess | null;
  logFile: string;
};

export type ClusterStack = {
  databaseUrl: string;
  simUrl: string;
  instances: Record<InstanceName, ClusterInstance>;
  /** Messages for children that died without being told to. */
  unexpectedExits: string[];
  start(name: InstanceName): Promise<ClusterInstance>;
  kill(name: InstanceName): Promise<void>;
  restart(name: InstanceName): Promise<ClusterInstance>;
  stop(): Promise<void>;
};

export type ClusterStackOptions = {
  adminUrl: string;
  apiKey: string;
  secret: string;
  basePort?: number;
  logDir: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
};

export const CLUSTER_BASE_PORT: number;
export const CLUSTER_TIMINGS: { syncIntervalMs: number; leaseTtlMs: number };
export function isPostgresUrl(url: unknown): boolean;
export function createDatabase(adminUrl: string, prefix?: string): Promise<string>;
export function dropDatabase(adminUrl: string, databaseUrl: string): Promise<void>;
export function startClusterStack(options: ClusterStackOptions): Promise<ClusterStack>;
