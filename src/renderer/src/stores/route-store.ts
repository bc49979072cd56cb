// The current route, kept in step with the URL fragment.
import { create } from 'zustand';
import { parseRoute, type Route } from '../lib/route';

interface RouteState {
  route: Route;
  sync: () => void;
}

export const useRoute = create<RouteState>((set) => ({
  route: parseRoute(typeof window === 'undefined' ? '' : window.location.hash),
  sync: () => set({ route: parseRoute(window.location.hash) }),
}));

export function navigate(href: string): void {
  if (window.location.hash === href) useRoute.getState().sync();
  else window.location.hash = href;
}
