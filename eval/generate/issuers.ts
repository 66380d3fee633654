/**
 * Issuers, their level (rules.md §6.6), how they call themselves in prose, and 落款 dates relative
 * to the deadline of article 49 (31 Jan of Y+1; 31 Mar for a 县级以上地方人民政府's own report).
 */
import type { IssuerLevel } from "../../extract/schema.ts";
import type { Rng } from "./prng.ts";

const CITIES = [
  "广州市",
  "南京市",
  "成都市",
  "武汉市",
  "杭州市",
  "济南市",
  "长沙市",
  "郑州市",
  "西安市",
  "合肥市",
  "福州市",
  "昆明市",
  "南昌市",
  "太原市",
];
const DISTRICTS = [
  "城关区",
  "新华区",
  "东湖区",
  "西城区",
  "南湖区",
  "北塘区",
  "江北区",
  "河西区",
  "临江区",
  "青山区",
  "金水区",
  "白云区",
  "雁塔区",
  "天河区",
];
const COUNTIES = [
  "平阳县",
  "安远县",
  "清河县",
  "永宁县",
  "长丰县",
  "宁化县",
  "石泉县",
  "武宁县",
  "嵩明县",
  "汝阳县",
  "清徐县",
  "宜章县",
];
const SUBDISTRICTS = [
  "花园",
  "新民",
  "东风",
  "滨江",
  "解放",
  "中山",
  "龙华",
  "文昌",
  "人民路",
  "和平",
  "朝阳",
  "长安",
  "建设路",
  "南关",
  "西湖",
];
const TOWNS = [
  "石桥镇",
  "白沙镇",
  "新桥镇",
  "马坊镇",
  "龙泉镇",
  "清溪乡",
  "柳林乡",
  "高坪镇",
  "双河镇",
  "黄岭乡",
  "长岗镇",
  "三江镇",
];
const DEPARTMENTS = [
  "司法局",
  "教育局",
  "财政局",
  "民政局",
  "自然资源局",
  "生态环境局",
  "交通运输局",
  "市场监督管理局",
  "人力资源和社会保障局",
  "住房和城乡建设局",
  "农业农村局",
  "应急管理局",
  "统计局",
  "卫生健康委员会",
  "发展和改革委员会",
  "人民政府办公室",
];

export interface Issuer {
  readonly name: string;
  readonly level: IssuerLevel;
  /** How the report calls its issuer in prose: 本街道, 本局, 本镇… */
  readonly self: string;
  /** The portal it publishes on ("区政府门户网站"). */
  readonly portal: string;
  /** 设区的市 governments may make 规章. */
  readonly makesRegulations: boolean;
}

function selfOfDepartment(dept: string): string {
  if (dept.endsWith("委员会")) return "本委";
  if (dept.endsWith("办公室")) return "本办";
  return "本局";
}

export function makeIssuer(rng: Rng): Issuer {
  const level = rng.weighted<IssuerLevel>([
    ["subdistrict", 4],
    ["department", 4],
    ["township_government", 2],
    ["county_plus_government", 2],
  ]);
  const city = rng.pick(CITIES);
  const district = rng.pick(DISTRICTS);
  const county = rng.pick(COUNTIES);
  const inCounty = rng.chance(0.4);
  const area = inCounty ? county : district;
  const areaPortal = `${inCounty ? "县" : "区"}政府门户网站`;
  switch (level) {
    case "subdistrict": {
      const name = rng.pick(SUBDISTRICTS);
      const full = rng.weighted([
        [`${city}${district}人民政府${name}街道办事处`, 3],
        [`${city}${district}${name}街道办事处`, 3],
        [`${district}${name}街道办事处`, 2],
      ]);
      return {
        name: full,
        level,
        self: rng.pick(["本街道", "本街道办事处", "我街"]),
        portal: "区政府门户网站",
        makesRegulations: false,
      };
    }
    case "township_government": {
      const town = rng.pick(TOWNS);
      const full = rng.chance(0.5) ? `${city}${county}${town}人民政府` : `${county}${town}人民政府`;
      return {
        name: full,
        level,
        self: town.endsWith("乡") ? "本乡" : "本镇",
        portal: "县政府门户网站",
        makesRegulations: false,
      };
    }
    case "department": {
      const dept = rng.pick(DEPARTMENTS);
      const full = rng.weighted([
        [`${city}${area}${dept}`, 3],
        [`${area}${dept}`, 3],
        [`${city}${dept}`, 1],
      ]);
      const portal = full.startsWith(city) && !full.includes(area) ? "市政府门户网站" : areaPortal;
      return { name: full, level, self: selfOfDepartment(dept), portal, makesRegulations: false };
    }
    case "county_plus_government": {
      const kind = rng.weighted([
        ["district", 3],
        ["county", 3],
        ["city", 1],
      ] as const);
      if (kind === "city")
        return {
          name: `${city}人民政府`,
          level,
          self: "市政府",
          portal: "市政府门户网站",
          makesRegulations: true,
        };
      if (kind === "county")
        return {
          name: `${county}人民政府`,
          level,
          self: "县政府",
          portal: "县政府门户网站",
          makesRegulations: false,
        };
      return {
        name: `${city}${district}人民政府`,
        level,
        self: "区政府",
        portal: "区政府门户网站",
        makesRegulations: false,
      };
    }
  }
}

/** Deadline of the report for year Y as [month, day] of Y+1. */
export function deadlineOf(level: IssuerLevel): readonly [number, number] {
  return level === "county_plus_government" ? [3, 31] : [1, 31];
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function dayOfYear(m: number, d: number): number {
  return DAYS_IN_MONTH.slice(0, m - 1).reduce((a, b) => a + b, 0) + d;
}

function fromDayOfYear(y: number, n: number): string {
  let m = 1;
  let left = n;
  while (left > (DAYS_IN_MONTH[m - 1] ?? 31)) {
    left -= DAYS_IN_MONTH[m - 1] ?? 31;
    m++;
  }
  return iso(y, m, left);
}

/** A 落款 date in Y+1: on time (up to the deadline) or late (after it, by 1 to 90 days). */
export function publicationDate(rng: Rng, year: number, level: IssuerLevel, late: boolean): string {
  const [dm, dd] = deadlineOf(level);
  const deadline = dayOfYear(dm, dd);
  const day = late ? deadline + rng.int(1, 90) : rng.int(Math.min(5, deadline), deadline);
  return fromDayOfYear(year + 1, day);
}

/** `iso` moved by `days` (negative: earlier). */
function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The creation date a converter records in the file's metadata (DOCX core properties, PDF Info): a
 * few days before the printed 落款; with no printed date, a day of Y+1 up to the deadline, or, when
 * `late`, 1 to 60 days after it (the file then shows the report cannot have been on time).
 */
export function fileCreatedDate(
  rng: Rng,
  year: number,
  level: IssuerLevel,
  printed: string | null,
  late: boolean,
): string {
  if (printed !== null) return addDays(printed, -rng.int(0, 6));
  const [dm, dd] = deadlineOf(level);
  const deadline = dayOfYear(dm, dd);
  return fromDayOfYear(year + 1, late ? deadline + rng.int(1, 60) : rng.int(3, deadline));
}

/**
 * The date a portal publishes the page on: a few days after the printed 落款 (or, with none, a day of
 * Y+1 up to the deadline); when `late`, 1 to 40 days after the deadline, whatever the 落款 says.
 */
export function portalPublicationDate(
  rng: Rng,
  year: number,
  level: IssuerLevel,
  printed: string | null,
  late: boolean,
): string {
  const [dm, dd] = deadlineOf(level);
  const deadline = dayOfYear(dm, dd);
  const limit = fromDayOfYear(year + 1, deadline);
  if (late) {
    const day = deadline + rng.int(1, 40);
    const date = fromDayOfYear(year + 1, day);
    return printed !== null && printed > date ? printed : date;
  }
  if (printed !== null) {
    const date = addDays(printed, rng.int(0, 4));
    // Not pushed past the deadline by the delay alone (a late 落款 stays as late as it is).
    return date > limit && printed <= limit ? limit : date;
  }
  return fromDayOfYear(year + 1, rng.int(3, deadline));
}

const CN_DIGIT = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

function cnSmall(n: number): string {
  if (n < 10) return CN_DIGIT[n] ?? "";
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : (CN_DIGIT[tens] ?? "")}十${ones === 0 ? "" : (CN_DIGIT[ones] ?? "")}`;
}

/** An ISO date as printed in a 落款. */
export function printedDate(isoDate: string, style: "arabic" | "chinese" | "dashed"): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  if (style === "dashed") return isoDate;
  if (style === "chinese") {
    const year = String(y)
      .split("")
      .map((c) => CN_DIGIT[Number(c)] ?? "")
      .join("");
    return `${year}年${cnSmall(m)}月${cnSmall(d)}日`;
  }
  return `${y}年${m}月${d}日`;
}
