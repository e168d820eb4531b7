/**
 * The run as an SVG chart, rendered in Node by vega (no browser, no canvas): one panel per
 * scenario (service, baselines, peers), 2xx/s (solid, left axis) and p99 in ms (dashed, right
 * axis) against the number of connections.
 */
import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import type { PointRecord } from '../lib/load/point.ts'

const THROUGHPUT = '#1f77b4'
const P99 = '#d62728'

function panelLabel(p: PointRecord): string {
  return p.group === 'baseline' ? `baseline: ${p.scenario}` : p.scenario
}

/** The vega-lite spec for the closed-loop points. */
export function chartSpec(points: PointRecord[], title: string): TopLevelSpec {
  const closed = points.filter((p) => p.mode === 'closed')
  const values = closed.map((p) => ({
    panel: panelLabel(p),
    connections: p.connections,
    rps: Math.round(p.okRps * 10) / 10,
    p99: Math.round(p.latencyMs.p99 * 10) / 10,
  }))
  const order = [...new Set(closed.map(panelLabel))]
  const line = (field: string, color: string, axisTitle: string, dash: number[] = []) => ({
    mark: { type: 'line' as const, point: { color }, color, strokeDash: dash },
    encoding: {
      y: {
        field,
        type: 'quantitative' as const,
        title: axisTitle,
        axis: { titleColor: color, labelColor: color },
      },
    },
  })
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: title,
      subtitle:
        '2xx responses per second (solid, left axis) and p99 latency in ms (dashed, right axis)',
      anchor: 'start',
    },
    data: { values },
    facet: { field: 'panel', type: 'nominal', sort: order, title: null },
    columns: 4,
    spec: {
      width: 170,
      height: 110,
      encoding: {
        x: { field: 'connections', type: 'ordinal', title: 'connections', axis: { labelAngle: 0 } },
      },
      layer: [line('rps', THROUGHPUT, '2xx/s'), line('p99', P99, 'p99 ms', [4, 3])],
      resolve: { scale: { y: 'independent' } },
    },
    resolve: { scale: { y: 'independent' } },
    config: { background: 'white' },
  } as TopLevelSpec
}

/** Renders the chart to SVG text. */
export async function renderChart(points: PointRecord[], title: string): Promise<string> {
  const { spec } = compile(chartSpec(points, title))
  const view = new vega.View(vega.parse(spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
