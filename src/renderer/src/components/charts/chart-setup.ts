// Chart.js with only the parts the Monitoring view draws (tree-shaken), no animation (figures
// appear at once and screenshots are stable), and colours read from the page's CSS variables
// so charts follow the light and dark themes.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
// Few, level time labels: the table under each chart has every one.
Chart.defaults.scales.category.ticks.maxRotation = 0;
Chart.defaults.scales.category.ticks.autoSkipPadding = 16;

export { Chart };

export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888888';
}

/** Text and grid colours of the current theme, applied before each chart is drawn. */
export function applyThemeDefaults(): void {
  Chart.defaults.color = cssColor('--fg-muted');
  Chart.defaults.borderColor = cssColor('--border');
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
}
