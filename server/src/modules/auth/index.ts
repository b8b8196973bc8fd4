/** The auth module's public surface. */
export { authRoutes, registerAuthHook, requireActor, SESSION_COOKIE } from './auth.routes.js';
export { authenticate, hashPassword, login, logout, purgeExpiredSessions } from './auth.service.js';
export { isPasswordStrong, SESSION_IDLE_MINUTES } from './password.rules.js';
