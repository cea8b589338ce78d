/**
 * The report's charts with Apache ECharts, only the parts used (the core, line, bar and heat map, SVG):
 * this module is imported by the reports page alone, so no other face loads ECharts.
 */
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import type { Report } from '../../../src-shared/reports'

echarts.use([
  LineChart,
  BarChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
])

export { echarts }
export type ChartOption = echarts.EChartsCoreOption

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
const INK = '#1f2933'
const BLUE = '#1d5fa8'
const ORANGE = '#b45309'

const base = {
  animation: false,
  textStyle: { color: INK, fontFamily: 'Noto Sans, sans-serif' },
  tooltip: { trigger: 'axis' },
}

/** Arrivals per half hour (bars) and the queue at its end (line), a day's average. */
export function arrivalsChart(report: Report, names: { arrivals: string; queue: string }): ChartOption {
  return {
    ...base,
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: report.arrivals.map((slot) => clock(slot.minute)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: names.arrivals,
        type: 'bar',
        data: report.arrivals.map((slot) => slot.arrivals),
        itemStyle: { color: BLUE },
      },
      {
        name: names.queue,
        type: 'line',
        data: report.arrivals.map((slot) => slot.queue),
        itemStyle: { color: ORANGE },
        lineStyle: { width: 3 },
      },
    ],
  }
}

/** Waits in 5-minute bins. */
export function waitsChart(report: Report, name: string, minutes: (n: string) => string): ChartOption {
  return {
    ...base,
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    xAxis: {
      type: 'category',
      data: report.waitHistogram.map((bin) =>
        bin.toMinutes === null ? `${bin.fromMinutes}+` : minutes(`${bin.fromMinutes}–${bin.toMinutes}`),
      ),
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name, type: 'bar', data: report.waitHistogram.map((bin) => bin.count), itemStyle: { color: BLUE } },
    ],
  }
}

/** Visitors by hour (columns) and weekday (rows). */
export function heatmapChart(report: Report, weekdays: readonly string[]): ChartOption {
  // The working day at least (08:00–19:00), and any hour with visitors outside it.
  const seen = report.heatmap.map((cell) => cell.hour)
  const first = Math.min(8, ...seen)
  const hours = Array.from({ length: Math.max(19, ...seen) - first + 1 }, (_, i) => first + i)
  const max = Math.max(1, ...report.heatmap.map((cell) => cell.visitors))
  return {
    ...base,
    tooltip: { position: 'top' },
    grid: { left: 48, right: 16, top: 8, bottom: 64 },
    xAxis: {
      type: 'category',
      data: hours.map((h) => `${String(h).padStart(2, '0')}:00`),
      splitArea: { show: true },
    },
    yAxis: { type: 'category', data: [...weekdays], inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#e8f0fa', BLUE] },
    },
    series: [
      {
        type: 'heatmap',
        data: report.heatmap.map((cell) => [hours.indexOf(cell.hour), cell.weekday, cell.visitors]),
        label: { show: true, color: INK },
      },
    ],
  }
}
