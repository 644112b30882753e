/** Mounts a uPlot chart, keeps it as wide as its container, and rebuilds it when its inputs change. */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export function UPlotChart({
  options,
  data,
  height,
  label,
}: {
  options: Omit<uPlot.Options, "width" | "height">;
  data: uPlot.AlignedData;
  height: number;
  /** Spoken summary of the chart: canvas content is invisible to screen readers. */
  label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const chart = new uPlot({ ...options, width: Math.max(el.clientWidth, 200), height }, data, el);
    const observer = new ResizeObserver(() => {
      const width = Math.max(el.clientWidth, 200);
      if (width !== chart.width) chart.setSize({ width, height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [options, data, height]);
  return <div class="chart" ref={container} role="img" aria-label={label} />;
}
