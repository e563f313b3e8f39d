// Example auth provider plugin: "Sign in with Google" through the bundled generic OIDC
// provider. Copy this folder to <HERMES_HOME>/plugins/google/ and set the variables
// below. Only the listed e-mail addresses may sign in (Google accepts anyone otherwise).
//
//   GOOGLE_OIDC_CLIENT_ID=...apps.googleusercontent.com
//   GOOGLE_OIDC_CLIENT_SECRET=...
//   GOOGLE_OIDC_ALLOWED_EMAILS=me@example.com,ops@example.com
//
// Register https://<your dashboard>/auth/callback as the redirect URI at Google.
export function register(ctx) {
	const clientID = ctx.env.GOOGLE_OIDC_CLIENT_ID;
	if (!clientID) {
		throw new Error("set GOOGLE_OIDC_CLIENT_ID (and GOOGLE_OIDC_CLIENT_SECRET, GOOGLE_OIDC_ALLOWED_EMAILS)");
	}
	const allowed = (ctx.env.GOOGLE_OIDC_ALLOWED_EMAILS ?? "")
		.split(",")
		.map((e) => e.trim())
		.filter(Boolean);
	if (allowed.length === 0) {
		throw new Error("set GOOGLE_OIDC_ALLOWED_EMAILS: without it any Google account could sign in");
	}
	ctx.registerDashboardAuthProvider(
		ctx.createOIDCProvider({
			name: "google",
			displayName: "Google",
			issuer: "https://accounts.google.com",
			clientID,
			clientSecret: ctx.env.GOOGLE_OIDC_CLIENT_SECRET,
			scopes: ["openid", "email", "profile"],
			allowedEmails: allowed,
		}),
	);
}
