'use client';

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

// The board's pictures (recharts, ~117 kB gzip): loaded on their own after the page (next/dynamic in board-charts.tsx),
// so the board's first load carries only the summaries and tables. Each picture is hidden from screen readers by its
// figure, which reads the summary and the table instead.

const COLORS = { phone: '#1d4ed8', video: '#b45309', chat: '#047857', median: '#1d4ed8', p90: '#b91c1c', score: '#6d28d9', bar: '#0f766e' };
const axis = { fontSize: 12 };

export type Picture =
  | { kind: 'volume'; data: { hour: number; phone: number; video: number; chat: number }[]; names: Record<'phone' | 'video' | 'chat', string> }
  | { kind: 'handleTime'; data: { label: string; sessions: number }[]; name: string }
  | { kind: 'turnaround'; data: { day: string; medianMinutes: number | null; p90Minutes: number | null }[]; names: Record<'median' | 'p90', string> }
  | { kind: 'qcTrend'; data: { day: string; averageScore: number | null }[]; name: string }
  | { kind: 'complaints'; data: { label: string; complaints: number }[]; name: string };

function Chart({ picture: p }: { picture: Picture }) {
  switch (p.kind) {
    case 'volume':
      return (
        <BarChart data={p.data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="hour" tick={axis} />
          <YAxis allowDecimals={false} tick={axis} />
          <Tooltip />
          <Legend />
          {(['phone', 'video', 'chat'] as const).map((c) => (
            <Bar key={c} dataKey={c} name={p.names[c]} stackId="channels" fill={COLORS[c]} isAnimationActive={false} />
          ))}
        </BarChart>
      );
    case 'handleTime':
      return (
        <BarChart data={p.data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={axis} />
          <YAxis allowDecimals={false} tick={axis} />
          <Tooltip />
          <Bar dataKey="sessions" name={p.name} fill={COLORS.bar} isAnimationActive={false} />
        </BarChart>
      );
    case 'turnaround':
      return (
        <LineChart data={p.data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" tick={axis} />
          <YAxis tick={axis} />
          <Tooltip />
          <Legend />
          <Line dataKey="medianMinutes" name={p.names.median} stroke={COLORS.median} connectNulls isAnimationActive={false} />
          <Line dataKey="p90Minutes" name={p.names.p90} stroke={COLORS.p90} connectNulls isAnimationActive={false} />
        </LineChart>
      );
    case 'qcTrend':
      return (
        <LineChart data={p.data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" tick={axis} />
          <YAxis domain={[0, 100]} tick={axis} />
          <Tooltip />
          <Line dataKey="averageScore" name={p.name} stroke={COLORS.score} connectNulls isAnimationActive={false} />
        </LineChart>
      );
    case 'complaints':
      return (
        <BarChart data={p.data} layout="vertical" accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} tick={axis} />
          <YAxis type="category" dataKey="label" width={96} tick={axis} />
          <Tooltip />
          <Bar dataKey="complaints" name={p.name} fill={COLORS.bar} isAnimationActive={false} />
        </BarChart>
      );
  }
}

/** One chart, filling the box its figure gives it. */
export default function ChartPicture({ picture }: { picture: Picture }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <Chart picture={picture} />
    </ResponsiveContainer>
  );
}
