import { CS, custom, named, token, type RuleDefinition } from './define-rule.js';

/** Chat, messaging, e-mail and social platforms. */
export const CHAT_SOCIAL_RULES: RuleDefinition[] = [
  token('slack-bot-token', 'Slack bot token', ['xoxb-', [CS.digits, 10, 13], '-', [CS.digits, 10, 13], '-', [CS.alnum, 24]]),
  token('slack-user-token', 'Slack user token', ['xoxp-', [CS.digits, 10, 13], '-', [CS.digits, 10, 13], '-', [CS.digits, 10, 13], '-', [CS.hex, 32]]),
  token('slack-enterprise-token', 'Slack enterprise token', ['xoxe-', [CS.digits, 10, 13], '-', [CS.digits, 10, 13], '-', [CS.digits, 10, 13], '-', [CS.hex, 32]]),
  token('slack-legacy-token', 'Slack legacy workspace token', ['xoxs-', [CS.digits, 10, 13], '-', [CS.digits, 10, 13], '-', [CS.alnum, 24, 64]]),
  token('slack-app-token', 'Slack app-level token', ['xapp-', [CS.digits, 1], '-', [CS.upperAlnum, 9, 12], '-', [CS.digits, 10, 14], '-', [CS.hex, 64]]),
  token('slack-config-access-token', 'Slack configuration access token', ['xoxe.xoxp-', [CS.digits, 1], '-', [CS.upperAlnum, 163, 166]]),
  token('slack-config-refresh-token', 'Slack configuration refresh token', ['xoxe-', [CS.digits, 1], '-', [CS.upperAlnum, 146]]),
  token('slack-webhook-url', 'Slack incoming webhook URL', ['https://hooks.slack.com/services/T', [CS.upperAlnum, 8, 11], '/B', [CS.upperAlnum, 8, 11], '/', [CS.alnum, 24]], { keywords: ['hooks.slack.com'] }),
  token('slack-workflow-webhook-url', 'Slack workflow webhook URL', ['https://hooks.slack.com/', [{ cls: 'a-z', alphabet: 'workflows' }, 8, 9], '/', [CS.upperAlnum, 8, 11], '/', [CS.upperAlnum, 8, 11], '/', [CS.digits, 15, 20], '/', [CS.alnum, 24, 32]], { keywords: ['hooks.slack.com'] }),
  token('discord-webhook-url', 'Discord webhook URL', ['https://discord.com/api/webhooks/', [CS.digits, 17, 20], '/', [CS.b64url, 68]], { keywords: ['discord.com/api/webhooks'] }),
  token('discord-bot-token', 'Discord bot token', [[{ cls: 'MN', alphabet: 'MN' }, 1], [CS.alnum, 23, 25], '.', [CS.b64url, 6], '.', [CS.b64url, 27, 38]], { keywords: ['discord', 'bot'], contexts: ['DISCORD_BOT_TOKEN=$', 'bot.login("$")'] }),
  named('discord-client-secret', 'Discord client secret', ['discord'], [[CS.b64url, 32]]),
  token('telegram-bot-token', 'Telegram bot token', [[CS.digits, 8, 10], ':AA', [CS.b64url, 33]], { keywords: [':aa'] }),
  // Older bot tokens do not start with AA: the bot's name beside them says what they are.
  named('telegram-bot-token-named', 'Telegram bot token', ['telegram'], [[CS.digits, 8, 10], ':', [CS.b64url, 35]]),
  custom({
    id: 'microsoft-teams-webhook-url',
    description: 'Microsoft Teams incoming webhook URL',
    keywords: ['webhook.office.com'],
    regex: `https://[a-z0-9\\-]{1,60}\\.webhook\\.office\\.com/webhookb2/[a-f0-9\\-]{36}@[a-f0-9\\-]{36}/IncomingWebhook/([a-zA-Z0-9]{32})/[a-f0-9\\-]{36}`,
    secretGroup: 1,
    entropy: 3.5,
    sample: (r) => {
      const uuid = () => [8, 4, 4, 4, 12].map((n) => r.chars(CS.hex.alphabet, n)).join('-');
      return `teams: https://contoso.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${r.chars(CS.alnum.alphabet, 32)}/${uuid()}`;
    },
    nearMisses: () => [{ text: 'teams: https://contoso.webhook.office.com/webhookb2/<id>@<tenant>/IncomingWebhook/<secret>/<app>', silent: true }],
  }),
  // Teams' Workflows webhooks (Power Automate; the successor of the Office 365 connectors) and Logic Apps'
  // HTTP triggers: the URL's `sig` parameter is the whole credential.
  custom({
    id: 'microsoft-workflow-webhook-url',
    description: 'Microsoft Teams / Power Automate workflow webhook URL',
    keywords: ['powerplatform.com', 'logic.azure.com'],
    regex: `https://[a-z0-9.\\-]{1,120}\\.(?:environment\\.api\\.powerplatform\\.com|logic\\.azure\\.com)(?::443)?/[a-z/]{0,40}workflows/[a-f0-9]{32}/triggers/[\\w\\-]{1,40}/paths/invoke\\?[\\w%.=&\\-]{0,200}?\\bsig=([\\w\\-]{43})`,
    secretGroup: 1,
    entropy: 3.5,
    sample: (r) => `TEAMS_WEBHOOK=https://default${r.chars(CS.hex.alphabet, 30)}.62.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/${r.chars(CS.hex.alphabet, 32)}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${r.chars(CS.b64url.alphabet, 43)}`,
    nearMisses: (r) => [{ text: `https://prod-01.westus.logic.azure.com:443/workflows/${r.chars(CS.hex.alphabet, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=<signature>`, silent: true }],
  }),
  token('google-chat-webhook-url', 'Google Chat webhook URL', ['https://chat.googleapis.com/v1/spaces/', [CS.b64url, 11], '/messages?key=', [CS.b64url, 39], '&token=', [CS.b64url, 43]], { keywords: ['chat.googleapis.com'] }),
  token('zapier-webhook-url', 'Zapier catch hook URL', ['https://hooks.zapier.com/hooks/catch/', [CS.digits, 6, 9], '/', [CS.lowerAlnum, 6, 8]], { keywords: ['hooks.zapier.com'], entropy: 2.8 }),
  token('ifttt-webhook-key', 'IFTTT webhook key', ['https://maker.ifttt.com/trigger/', [CS.lowerAlnum, 3, 20], '/with/key/', [CS.b64url, 22]], { keywords: ['maker.ifttt.com'] }),
  named('mattermost-access-token', 'Mattermost access token', ['mattermost'], [[CS.lowerAlnum, 26]]),
  named('zulip-api-key', 'Zulip API key', ['zulip'], [[CS.alnum, 32]]),
  named('twitch-api-token', 'Twitch API token', ['twitch'], [[CS.lowerAlnum, 30]]),
  custom({
    id: 'twitter-bearer-token',
    description: 'X / Twitter app bearer token',
    keywords: ['aaaaaaaaaaaaaaaaaaaaa'],
    // The fixed run of A's is the format's prefix; only the body after it is judged.
    regex: `(?<![A-Za-z0-9%])A{21}([A-Za-z0-9%]{70,100})(?![A-Za-z0-9%])`,
    secretGroup: 1,
    entropy: 3.5,
    sample: (r) => `TWITTER_BEARER=${'A'.repeat(21)}${r.chars(CS.alnum.alphabet, 80)}`,
    nearMisses: (r) => [
      { text: `TWITTER_BEARER=${'A'.repeat(21)}${r.chars(CS.alnum.alphabet, 40)}`, silent: false },
      { text: `padding = "${'A'.repeat(120)}"`, silent: true },
    ],
  }),
  named('twitter-api-secret', 'X / Twitter API secret', ['twitter'], [[CS.alnum, 50]]),
  token('facebook-access-token', 'Facebook / Meta access token', ['EAA', [{ cls: 'MC', alphabet: 'MC' }, 1], [CS.alnum, 100, 300]]),
  named('facebook-app-secret', 'Facebook app secret', ['facebook'], [[CS.hex, 32]]),
  named('linkedin-client-secret', 'LinkedIn client secret', ['linkedin'], [[CS.alnum, 16]]),
  token('sendgrid-api-token', 'SendGrid API key', ['SG.', [CS.b64url, 22], '.', [CS.b64url, 43]]),
  token('brevo-api-token', 'Brevo (Sendinblue) API key', ['xkeysib-', [CS.hex, 64], '-', [CS.alnum, 16]]),
  token('mailgun-private-api-token', 'Mailgun private API key', ['key-', [CS.hex, 32]], { keywords: ['key-'] }),
  named('mailgun-signing-key', 'Mailgun webhook signing key', ['mailgun'], [[CS.hex, 32], '-', [CS.hex, 8], '-', [CS.hex, 8]]),
  token('mailchimp-api-key', 'Mailchimp API key', [[CS.hex, 32], '-us', [CS.digits, 1, 2]], { keywords: ['-us'] }),
  named('postmark-server-token', 'Postmark server token', ['postmark'], [[CS.hex, 8], '-', [CS.hex, 4], '-', [CS.hex, 4], '-', [CS.hex, 4], '-', [CS.hex, 12]]),
  named('mailjet-api-secret', 'Mailjet API secret', ['mailjet'], [[CS.hex, 32]]),
  token('twilio-api-key', 'Twilio API key SID', ['SK', [CS.hex, 32]], { keywords: ['sk'] }),
  named('twilio-auth-token', 'Twilio auth token', ['twilio'], [[CS.hex, 32]]),
  token('telnyx-api-key', 'Telnyx API key', ['KEY', [CS.hexUpper, 32], '_', [CS.alnum, 22]]),
  named('vonage-api-secret', 'Vonage / Nexmo API secret', ['vonage', 'nexmo'], [[CS.alnum, 16]]),
  named('messagebird-api-key', 'MessageBird API key', ['messagebird', 'message_bird'], [[CS.alnum, 25]]),
  named('intercom-access-token', 'Intercom access token', ['intercom'], [[CS.b64url, 60]]),
  named('zendesk-api-token', 'Zendesk API token', ['zendesk'], [[CS.alnum, 40]]),
];
