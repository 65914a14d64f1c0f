import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";

// Optimistic redirect only: a visitor without a session cookie goes to /sign-in. Whether the
// cookie is valid, and what its owner may do, is checked by every page, route and action.
export function proxy(request: NextRequest) {
  if (getSessionCookie(request)) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  return NextResponse.redirect(url);
}

export const config = {
  // Everything but the public pages, API routes (they answer 401 themselves) and static files.
  matcher: ["/((?!sign-in|setup|api|_next/static|_next/image|favicon.ico).*)"],
};
