// One password policy for every form (setup, change password) and for better-auth itself, so a
// password one accepts is never refused by the other. Client-safe: forms use the same numbers
// for their minLength/maxLength attributes.

/** NIST SP 800-63B asks for at least 8; we ask for 10. */
export const PASSWORD_MIN_LENGTH = 10;
/** better-auth's own ceiling (it refuses longer ones): longer input must be refused up front. */
export const PASSWORD_MAX_LENGTH = 128;
