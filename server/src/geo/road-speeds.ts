/**
 * Free-flow speeds (km/h) per OpenStreetMap highway class, for travel-time
 * routing of emergency vehicles. Data, not code: adjust per city.
 */
export const ROAD_SPEEDS_KMH: Record<string, number> = {
  motorway: 100,
  motorway_link: 60,
  trunk: 80,
  trunk_link: 50,
  primary: 60,
  primary_link: 40,
  secondary: 50,
  secondary_link: 35,
  tertiary: 40,
  tertiary_link: 30,
  unclassified: 30,
  residential: 30,
  living_street: 10,
  service: 20,
  road: 30,
  track: 15,
};

/** Speed for a class; null when the class is not for vehicles (footway, path, …). */
export function speedFor(highway: string | undefined, maxspeed?: string | undefined): number | null {
  if (!highway) return null;
  const base = ROAD_SPEEDS_KMH[highway];
  if (base === undefined) return null;
  const posted = maxspeed ? Number.parseFloat(maxspeed) : NaN;
  return Number.isFinite(posted) && posted > 0 ? Math.min(posted, base * 1.5) : base;
}

/** Speed assumed between a point and the nearest road node (off-network access). */
export const ACCESS_SPEED_KMH = 20;
