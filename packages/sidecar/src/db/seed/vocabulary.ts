/**
 * Word lists for synthetic names and text. Data only; order matters for determinism.
 * Kept as `|`-separated strings so each list stays a few lines long.
 */

export const FIRST_NAMES: readonly string[] = (
  "Ada|Alan|Amara|Ana|Arjun|Beatriz|Ben|Bruno|Carla|Chen|Chloe|Dario|Dmitri|Elena|Emeka|Emma|Farah" +
  "|Felix|Grace|Hana|Hugo|Ines|Ivan|Jae|Jana|Jonas|Julia|Kai|Kenji|Lara|Leila|Liam|Lucia|Malik" +
  "|Maria|Mateo|Mei|Nadia|Nia|Noah|Olga|Omar|Paula|Priya|Rafael|Rosa|Sami|Sara|Sofia|Tariq|Tomas" +
  "|Uma|Vera|Wei|Yara|Yusuf|Zoe|Zhang"
).split("|");

export const LAST_NAMES: readonly string[] = (
  "Abe|Adeyemi|Alvarez|Bauer|Bianchi|Brown|Costa|Dubois|Eriksson|Fischer|Garcia|Haddad|Hansen|Ito" +
  "|Jensen|Kim|Kowalski|Kumar|Larsen|Li|Lopez|Martin|Meyer|Moreau|Nakamura|Nguyen|Novak|Okafor" +
  "|Olsen|Patel|Perez|Petrov|Rossi|Santos|Schmidt|Silva|Singh|Smith|Suzuki|Tanaka|Torres|Wagner" +
  "|Wang|Weber|Yilmaz"
).split("|");

export const PROJECT_WORDS: readonly string[] = (
  "Atlas|Beacon|Cobalt|Delta|Ember|Falcon|Granite|Harbor|Ion|Juniper|Keystone|Lumen|Meridian" +
  "|Nimbus|Orbit|Pioneer|Quartz|Relay|Summit|Tundra|Umbra|Vector|Willow|Xenon|Yonder|Zephyr"
).split("|");

export const PROJECT_AREAS: readonly string[] = (
  "Platform|Mobile|Billing|Search|Identity|Payments|Analytics|Gateway|Storage|Web|Desktop|Infra" +
  "|Support|Data|Reports|Sync|Notifications|Admin|Onboarding|API"
).split("|");

export const COMPONENT_NAMES: readonly string[] = (
  "UI|Backend|API|Database|Android|iOS|Web|CLI|Docs|Build|Auth|Cache|Search|Import|Export|Email" +
  "|Billing|Reports|Scheduler|Installer|Networking|Security|Performance|Localization|Accessibility" +
  "|Logging|Monitoring|Plugins|Settings|Dashboard|Notifications|Storage|Sync|Payments|Permissions" +
  "|Upgrade|Editor|Media|Maps|Charts"
).split("|");

export const SUBJECTS: readonly string[] = (
  "login page|search results|export job|sync service|dashboard widget|settings dialog|file upload" +
  "|notification email|user profile|report builder|payment form|API client|mobile app|table view" +
  "|date picker|import wizard|audit log|webhook|build script|installer|cache layer|session token" +
  "|permission check|release notes|crash reporter|map view|chart legend|CSV parser|PDF renderer" +
  "|keyboard shortcut|dark theme|background job|rate limiter|database migration|backup task"
).split("|");

export const PROBLEMS: readonly string[] = (
  "crashes when scrolling|shows the wrong time zone|times out under load|ignores the locale" +
  "|leaks memory|returns duplicate rows|fails on empty input|is slow on large accounts" +
  "|loses unsaved changes|renders blank on Android|breaks after upgrade|rejects valid emails" +
  "|double-counts totals|hangs on startup|throws a null pointer exception|truncates long names" +
  "|is not accessible by keyboard|sends duplicate notifications|drops the last page" +
  "|mis-sorts accented names|logs passwords in clear text"
).split("|");

export const REQUESTS: readonly string[] = (
  "Add bulk edit to|Support SSO in|Allow filtering in|Improve performance of|Add an audit trail to" +
  "|Localize|Add keyboard navigation to|Make configurable:|Document|Deprecate the old|Redesign" +
  "|Add dark mode to|Add retry to|Cache results of|Paginate|Add CSV export to"
).split("|");

export const SENTENCES: readonly string[] = (
  "Steps to reproduce are attached.|This started after the last release." +
  "|Only some customers are affected.|It works in the staging environment." +
  "|The logs show a timeout on the database call." +
  "|Expected result: the page loads within two seconds.|Actual result: an error dialog appears." +
  "|A workaround is to refresh the page.|See the linked ticket for background." +
  "|This blocks the next release.|Customers reported it through support." +
  "|We should add a regression test.|The fix needs a migration." +
  "|It reproduces on every platform we tried.|Happens roughly once a day." +
  "|Needs design review first."
).split("|");

export const COMMENT_SENTENCES: readonly string[] = (
  "I can reproduce this.|Cannot reproduce on the latest build.|Fixed in the next release." +
  "|Please attach logs.|PR is up for review.|Merged, please verify.|Verified on staging." +
  "|Reopening, still happens for me.|Duplicate of an older issue.|Moving to the next sprint." +
  "|Customer confirmed the fix.|Any update on this?|Raised priority, several customers affected." +
  "|Added a test case.|Needs input from product.|Workaround shared with the customer." +
  "|Looks like a race condition.|Root cause is the cache invalidation."
).split("|");

export const ENVIRONMENTS: readonly string[] = (
  "Chrome 120 on macOS 14|Firefox 121 on Windows 11|Safari 17 on iOS 17|Android 14, Pixel 8" +
  "|Ubuntu 22.04, Node 20|Windows Server 2022|Edge 120 on Windows 10|Production EU cluster"
).split("|");

export const LABEL_STEMS: readonly string[] = (
  "regression|customer|security|performance|ux|tech-debt|flaky|hotfix|needs-triage|docs|backend" +
  "|frontend|mobile|accessibility|i18n|onboarding|billing|api|data|infra"
).split("|");

export const COMPANIES: readonly string[] = (
  "Acme|Globex|Initech|Umbrella|Hooli|Stark|Wayne|Wonka|Tyrell|Cyberdyne|Soylent|Massive Dynamic" +
  "|Aperture|Vandelay|Dunder Mifflin|Pied Piper|Oscorp|Nakatomi|Gringotts|Monarch|Sirius|Virtucon" +
  "|Zorg|Blue Sun|Octan|Gekko|Prestige|Spacely|Cogswell|Kramerica"
).split("|");
