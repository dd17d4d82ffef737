// Every kind of page of the demo site, and where it has one: the list the
// screenshot script, the accessibility test and Lighthouse go through.
export const pages = {
  home: 'index.html',
  briefing: 'briefings/2025-02-12-trump-putin-call/index.html',
  'briefing with a callout and a chart': 'briefings/2025-02-12-uk-firepower-package/index.html',
  'briefing with an embed and a callout': 'briefings/2025-02-12-ukraine-nato-path-context/index.html',
  person: 'people/donald-trump/index.html',
  country: 'countries/ukraine/index.html',
  event: 'events/26th-ukraine-defense-contact-group/index.html',
  outlet: 'outlets/upi/index.html',
  briefings: 'briefings/index.html',
  people: 'people/index.html',
  tags: 'tags/index.html',
  tag: 'tags/diplomacy/index.html',
  timeline: 'timeline/index.html',
  year: 'timeline/2025/index.html',
  page: 'about/index.html',
  corrections: 'corrections/index.html',
  search: 'search/index.html?q=ukriane',
  404: '404.html',
};
