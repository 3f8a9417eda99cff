/**
 * A small SVG writer for the results chart (no browser, no dependency): panels of
 * horizontal bars, one row per configuration, each bar labelled with its value.
 */

export interface BarRow {
  readonly label: string;
  /** One value per series; null leaves the bar out (not applicable). */
  readonly values: readonly (number | null)[];
  readonly note?: string;
}

export interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly series: readonly string[];
  readonly rows: readonly BarRow[];
}

const COLORS = ["#4c78a8", "#f58518", "#54a24b", "#b279a2"];
const WIDTH = 860;
const LABEL_W = 250;
const BAR_H = 14;
const ROW_GAP = 8;

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function format(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function panelSvg(panel: Panel, top: number): { svg: string; height: number } {
  const max = Math.max(1e-9, ...panel.rows.flatMap((r) => r.values.filter((v): v is number => v !== null)));
  const plotW = WIDTH - LABEL_W - 120;
  const rowH = panel.series.length * BAR_H + ROW_GAP;
  const parts = [
    `<text x="10" y="${top + 16}" class="title">${escapeXml(panel.title)} (${escapeXml(panel.unit)})</text>`,
  ];
  panel.series.forEach((name, i) => {
    const x = LABEL_W + i * 150;
    parts.push(
      `<rect x="${x}" y="${top + 24}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${x + 14}" y="${top + 33}">${escapeXml(name)}</text>`,
    );
  });
  let y = top + 44;
  for (const row of panel.rows) {
    parts.push(`<text x="10" y="${y + (rowH - ROW_GAP) / 2 + 4}">${escapeXml(row.label)}</text>`);
    row.values.forEach((value, i) => {
      const barY = y + i * BAR_H;
      if (value === null) {
        parts.push(`<text x="${LABEL_W + 4}" y="${barY + 11}" class="na">n/a</text>`);
        return;
      }
      const w = Math.max(1, (value / max) * plotW);
      parts.push(
        `<rect x="${LABEL_W}" y="${barY + 1}" width="${w.toFixed(1)}" height="${BAR_H - 2}" fill="${COLORS[i % COLORS.length]}"/>`,
        `<text x="${(LABEL_W + w + 4).toFixed(1)}" y="${barY + 11}">${format(value)}${i === 0 && row.note ? `  ${escapeXml(row.note)}` : ""}</text>`,
      );
    });
    y += rowH;
  }
  return { svg: parts.join("\n"), height: y - top + 10 };
}

export function barChartSvg(title: string, subtitle: string, panels: readonly Panel[]): string {
  let top = 50;
  const bodies: string[] = [];
  for (const panel of panels) {
    const { svg, height } = panelSvg(panel, top);
    bodies.push(svg);
    top += height + 10;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${top}" viewBox="0 0 ${WIDTH} ${top}" font-family="sans-serif" font-size="12">`,
    "<style>.title{font-weight:bold;font-size:13px}.na{fill:#888}.head{font-weight:bold;font-size:15px}</style>",
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" class="head">${escapeXml(title)}</text>`,
    `<text x="10" y="38" class="na">${escapeXml(subtitle)}</text>`,
    ...bodies,
    "</svg>",
    "",
  ].join("\n");
}
