// Client-safe user-facing texts, one per ProviderErrorCode, worded after SMS.online's own
// descriptions. They are ICU messages (next-intl): the only placeholder is `{until}` in BANNED,
// and ASCII apostrophes are avoided because ICU treats `'` as a quoting character.
// Never put a key, URL or raw provider answer in here.
import type { ProviderErrorCode } from "./error-codes";

export type ProviderErrorLocale = "en" | "pt-BR";

export const providerErrorMessages: Record<
  ProviderErrorLocale,
  Record<ProviderErrorCode, string>
> = {
  en: {
    BAD_KEY: "The provider rejected the API key.",
    BAD_ACTION: "The provider does not support this operation.",
    ERROR_SQL: "The provider had an internal error. Try again in a moment.",
    BANNED: "The provider has blocked this account until {until}.",
    ACCOUNT_INACTIVE: "The provider account is inactive.",
    EARLY_CANCEL_DENIED:
      "The provider does not allow cancelling in the first 2 minutes after purchase.",
    NO_ACTIVATION: "The provider could not find this activation.",
    BAD_STATUS: "This action is not allowed for the activation in its current state.",
    WRONG_ACTIVATION_ID: "The activation ID is invalid.",
    BAD_SERVICE: "The provider does not recognise this service.",
    NO_NUMBERS: "No numbers are available for this service and country right now.",
    NO_BALANCE: "The provider account does not have enough balance.",
    WRONG_MAX_PRICE: "The current price is above the maximum price you set.",
    CHANNELS_LIMIT: "The provider account has reached its limit of simultaneous activations.",
    WRONG_EXCEPTION_PHONE: "The excluded number prefixes are invalid.",
    ORDER_ALREADY_EXISTS: "This order was already placed.",
    OTP_RECEIVED: "A code has already arrived, so this activation can no longer be cancelled.",
    FREE_CANCELLATION_EXPIRED: "The free cancellation period for this activation has ended.",
    NEW_OTP_RECEIVED: "A new code has arrived for this activation.",
    ACTIVATION_NOT_ACTIVE: "This activation is no longer active.",
    UNKNOWN_TOKEN: "The provider sent an answer SMS Desk does not understand.",
    PROTOCOL_ERROR: "The provider sent an invalid answer. Check the activation before retrying.",
    TIMEOUT: "The provider did not answer in time.",
    NETWORK: "Could not connect to the provider.",
    HTTP_ERROR: "The provider returned an error. Try again in a moment.",
    REDIRECT_REFUSED:
      "The provider answered with a redirect, which SMS Desk does not follow. Check the base URL of the key.",
    BLOCKED_ADDRESS:
      "SMS Desk refused to connect: the provider address is on a private network or not encrypted (HTTPS). Only SMS_PROVIDER_URL and hosts in PROVIDER_ALLOWED_HOSTS may be.",
  },
  "pt-BR": {
    BAD_KEY: "O provedor recusou a chave de API.",
    BAD_ACTION: "O provedor não oferece esta operação.",
    ERROR_SQL: "Erro na solicitação ao provedor. Tente novamente em instantes.",
    BANNED: "O provedor bloqueou esta conta até {until}.",
    ACCOUNT_INACTIVE: "A conta no provedor está inativa.",
    EARLY_CANCEL_DENIED: "Não é possível cancelar nos primeiros 2 minutos após a compra.",
    NO_ACTIVATION: "O provedor não encontrou esta ativação.",
    BAD_STATUS: "Esta ação não é permitida no estado atual da ativação.",
    WRONG_ACTIVATION_ID: "O ID da ativação é inválido.",
    BAD_SERVICE: "O provedor não reconhece este serviço.",
    NO_NUMBERS: "Não há números disponíveis para este serviço e país no momento.",
    NO_BALANCE: "Saldo insuficiente na conta do provedor.",
    WRONG_MAX_PRICE: "O preço atual está acima do preço máximo definido.",
    CHANNELS_LIMIT: "A conta no provedor atingiu o limite de ativações simultâneas.",
    WRONG_EXCEPTION_PHONE: "Os prefixos de números excluídos são inválidos.",
    ORDER_ALREADY_EXISTS: "Este pedido já foi feito.",
    OTP_RECEIVED: "Um código já chegou, então esta ativação não pode mais ser cancelada.",
    FREE_CANCELLATION_EXPIRED: "O prazo de cancelamento gratuito desta ativação terminou.",
    NEW_OTP_RECEIVED: "Um novo código chegou para esta ativação.",
    ACTIVATION_NOT_ACTIVE: "Esta ativação não está mais ativa.",
    UNKNOWN_TOKEN: "O provedor enviou uma resposta que o SMS Desk não reconhece.",
    PROTOCOL_ERROR:
      "O provedor enviou uma resposta inválida. Verifique a ativação antes de tentar de novo.",
    TIMEOUT: "O provedor não respondeu a tempo.",
    NETWORK: "Não foi possível conectar ao provedor.",
    HTTP_ERROR: "O provedor retornou um erro. Tente novamente em instantes.",
    REDIRECT_REFUSED:
      "O provedor respondeu com um redirecionamento, que o SMS Desk não segue. Verifique a URL base da chave.",
    BLOCKED_ADDRESS:
      "O SMS Desk recusou a conexão: o endereço do provedor está em uma rede privada ou não é criptografado (HTTPS). Só SMS_PROVIDER_URL e os hosts em PROVIDER_ALLOWED_HOSTS podem ser.",
  },
};
