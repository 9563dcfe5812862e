-- 022_campaign_news: news posts attached to a campaign (drafts and publishing by the Board; photos
-- are stored files attached with owner kind "campaign_news"), and the anniversary calendar's
-- registered events and people (src/campaign/news.c, anniversary.c).
CREATE TABLE campaign_news (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  body         TEXT NOT NULL,
  source       TEXT,                               -- where the facts come from, named on the page
  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
  author       TEXT NOT NULL,                      -- the writer's audit name
  created_at   TEXT NOT NULL,
  published_at TEXT
);
CREATE INDEX campaign_news_c ON campaign_news(campaign_id, status);

CREATE TABLE anniversary_event (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('event','person')),
  name         TEXT NOT NULL,                      -- "ngày thành lập tỉnh Lạng Sơn", "đồng chí Hoàng Văn Thụ"
  what         TEXT NOT NULL,                      -- the phrase of the celebration: "ngày sinh đồng chí Hoàng Văn Thụ"
  event_date   TEXT NOT NULL,
  source       TEXT,
  created_at   TEXT NOT NULL,
  UNIQUE (what, event_date)
);

-- The campaign page asks whether any report is illustrative (demo data) to say so: a partial index
-- answers that without reading every report (600,000 in bench/campaign).
CREATE INDEX campaign_report_illustrative ON campaign_report(target_id) WHERE illustrative = 1;
