import type { Map as MaplibreMap } from 'maplibre-gl';

/** What every map layer gets besides the map itself. */
export interface MapLayerContext {
  /** GB/T 2260 code of the city the platform serves (from the public config). */
  cityCode: string;
}

/**
 * A layer of the one-map page ("一张图"). Modules register their layers here at import time;
 * the layer panel lists them by group and calls `add` / `remove` when the user toggles them.
 * `add` may be asynchronous (fetching data); `remove` must undo everything `add` did and must
 * also be safe to call while `add` is still running.
 */
export interface MapLayerDef {
  id: string;
  /** i18n key of the layer's title. */
  titleKey: string;
  /** Group id; its title is the i18n key `map.groups.<group>`. */
  group: string;
  /** Shown when the map opens (default true). */
  defaultVisible?: boolean;
  /** Lower numbers are added first (drawn below). Default 100. */
  order?: number;
  add(map: MaplibreMap, ctx: MapLayerContext): void | Promise<void>;
  remove(map: MaplibreMap): void;
}

let layers: readonly MapLayerDef[] = [];
const listeners = new Set<() => void>();

export function registerMapLayer(def: MapLayerDef): void {
  const others = layers.filter((l) => l.id !== def.id);
  layers = [...others, def].sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  for (const listener of listeners) listener();
}

export function getMapLayers(): readonly MapLayerDef[] {
  return layers;
}

export function subscribeMapLayers(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
