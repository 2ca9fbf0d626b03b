import { lazy, Suspense } from "react";
import type * as React from "react";
import { Skeleton } from "@/components/ui/skeleton";

const Charts = {
  TrafficCharts: lazy(() =>
    import("./charts").then((module) => ({ default: module.TrafficCharts })),
  ),
  PerformanceChart: lazy(() =>
    import("./charts").then((module) => ({ default: module.PerformanceChart })),
  ),
  BinsChart: lazy(() =>
    import("./charts").then((module) => ({ default: module.BinsChart })),
  ),
};

function ChartSuspense({
  children,
  className = "h-56",
}: {
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <Suspense fallback={<Skeleton className={`w-full ${className}`} />}>
      {children}
    </Suspense>
  );
}

export function LazyTrafficCharts(
  props: React.ComponentProps<typeof Charts.TrafficCharts>,
) {
  return (
    <ChartSuspense className="h-[30rem] lg:h-[32rem]">
      <Charts.TrafficCharts {...props} />
    </ChartSuspense>
  );
}

export function LazyPerformanceChart(
  props: React.ComponentProps<typeof Charts.PerformanceChart>,
) {
  return (
    <ChartSuspense>
      <Charts.PerformanceChart {...props} />
    </ChartSuspense>
  );
}

export function LazyBinsChart(
  props: React.ComponentProps<typeof Charts.BinsChart>,
) {
  return (
    <ChartSuspense>
      <Charts.BinsChart {...props} />
    </ChartSuspense>
  );
}
