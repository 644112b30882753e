import { cpus, loadavg, totalmem } from "node:os";

export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  memoryGB: number;
  /** 1-minute load average when the run started and ended: above `cores`, every wall-clock figure is stretched. */
  loadAverage: { start: number; end?: number };
}

export function describeMachine(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() || "unknown",
    cores: list.length,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: { start: currentLoad() },
  };
}

export const currentLoad = () => Math.round(loadavg()[0]! * 100) / 100;
