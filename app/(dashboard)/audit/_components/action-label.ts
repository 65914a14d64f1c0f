/** An action's message key: next-intl keys cannot contain dots, so "key.create" is "key_create". */
export function actionMessageKey(action: string): string {
  return `actions.${action.replaceAll(".", "_")}`;
}
