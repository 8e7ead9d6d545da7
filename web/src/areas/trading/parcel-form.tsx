/** Create or edit a draft parcel. Money is typed in 万元, times in Beijing time. */
import { useState, type FormEvent } from "react";
import { api, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { ProblemMessage } from "../../components/problem-message.tsx";
import type { MessageKey } from "../../i18n/zh.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { fromBeijingInput, toBeijingInput } from "./beijing-time.ts";
import { fenToWanInput, wanToFen } from "./money.ts";
import type { ParcelDetail } from "./trading-types.ts";

type F = Record<
  | "parcelNo" | "name" | "location" | "district" | "areaM2" | "landUse" | "termYears" | "plotRatio" | "buildingDensity" | "greenRatio" | "heightLimit"
  | "startPrice" | "increment" | "deposit" | "qualificationMode" | "listingStart" | "listingEnd" | "depositCutoff"
  | "announceLeadDays" | "listingMinWorkingDays" | "freezeMinutes" | "intentWindowMinutes" | "countdownMinutes" | "reserveWindowHours",
  string
>;

function initial(d?: ParcelDetail): F {
  const p = d?.parcel;
  const r = d?.rules;
  return {
    parcelNo: p?.parcelNo ?? "",
    name: p?.name ?? "",
    location: p?.location ?? "",
    district: p?.district ?? "",
    areaM2: p?.areaM2 ?? "",
    landUse: p?.landUse ?? "城镇住宅用地",
    termYears: String(p?.termYears ?? 70),
    plotRatio: p?.plotRatio ?? "",
    buildingDensity: p?.planning.buildingDensity ?? "",
    greenRatio: p?.planning.greenRatio ?? "",
    heightLimit: p?.planning.heightLimit ?? "",
    startPrice: p ? fenToWanInput(p.startPriceFen) : "",
    increment: p ? fenToWanInput(p.incrementFen) : "",
    deposit: p ? fenToWanInput(p.depositFen) : "",
    qualificationMode: p?.qualificationMode ?? "before",
    listingStart: p ? toBeijingInput(p.listingStart) : "",
    listingEnd: p ? toBeijingInput(p.listingEnd) : "",
    depositCutoff: p ? toBeijingInput(p.depositCutoff) : "",
    announceLeadDays: String(r?.announceLeadDays ?? 20),
    listingMinWorkingDays: String(r?.listingMinWorkingDays ?? 10),
    freezeMinutes: String(r?.freezeMinutes ?? 0),
    intentWindowMinutes: String(r?.intentWindowMinutes ?? 5),
    countdownMinutes: String(r?.countdownMinutes ?? 4),
    reserveWindowHours: String(p?.reserveWindowHours ?? 48),
  };
}

export function ParcelForm({ existing, onSaved, onCancel }: { existing?: ParcelDetail; onSaved(d: ParcelDetail): void; onCancel(): void }) {
  const { t } = useI18n();
  const [f, setF] = useState<F>(() => initial(existing));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  const set = (k: keyof F) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    setLocal(null);
    const money = [wanToFen(f.startPrice), wanToFen(f.increment), wanToFen(f.deposit)];
    const times = [fromBeijingInput(f.listingStart), fromBeijingInput(f.listingEnd), fromBeijingInput(f.depositCutoff)];
    if (money.some((m) => m === null)) return setLocal(t("parcel.badMoney"));
    if (times.some((x) => x === null)) return setLocal(t("parcel.badTime"));
    const planning = Object.fromEntries(Object.entries({ buildingDensity: f.buildingDensity, greenRatio: f.greenRatio, heightLimit: f.heightLimit }).filter(([, v]) => v.trim()));
    const body = {
      ...(existing ? {} : { parcelNo: f.parcelNo.trim() }),
      name: f.name,
      location: f.location,
      district: f.district,
      areaM2: f.areaM2.trim(),
      landUse: f.landUse,
      termYears: Number(f.termYears),
      plotRatio: f.plotRatio,
      planning,
      startPriceFen: money[0],
      incrementFen: money[1],
      depositFen: money[2],
      qualificationMode: f.qualificationMode,
      listingStart: times[0],
      listingEnd: times[1],
      depositCutoff: times[2],
      rules: {
        announceLeadDays: Number(f.announceLeadDays),
        listingMinWorkingDays: Number(f.listingMinWorkingDays),
        freezeMinutes: Number(f.freezeMinutes),
        intentWindowMinutes: Number(f.intentWindowMinutes),
        countdownMinutes: Number(f.countdownMinutes),
        reserveWindowHours: Number(f.reserveWindowHours),
      },
    };
    setBusy(true);
    try {
      const d = existing ? await api<ParcelDetail>("PUT", `/api/trading/parcels/${existing.parcel.id}`, body) : await api<ParcelDetail>("POST", "/api/trading/parcels", body);
      onSaved(d);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  const text = (k: keyof F, label: MessageKey, o: { wide?: boolean; required?: boolean; type?: string; inputMode?: "decimal" | "numeric" } = {}) => (
    <label className={`field${o.wide ? " field-wide" : ""}`}>
      <span className="field-label">{t(label)}</span>
      <input required={o.required ?? true} type={o.type ?? "text"} inputMode={o.inputMode} value={f[k]} onChange={set(k)} data-testid={`parcel-${k}`} />
    </label>
  );

  return (
    <section className="card">
      <h2 className="card-title">{existing ? t("parcel.edit") : t("trading.newParcel")}</h2>
      <form className="form" onSubmit={submit} data-testid="parcel-form">
        <div className="form-grid">
          {!existing && text("parcelNo", "parcel.parcelNo")}
          {text("name", "parcel.name")}
          {text("location", "parcel.location", { wide: true })}
          {text("district", "parcel.district")}
          {text("areaM2", "parcel.areaM2", { inputMode: "decimal" })}
          {text("landUse", "parcel.landUse")}
          {text("termYears", "parcel.termYears", { type: "number" })}
          {text("plotRatio", "parcel.plotRatio")}
          {text("buildingDensity", "parcel.buildingDensity", { required: false })}
          {text("greenRatio", "parcel.greenRatio", { required: false })}
          {text("heightLimit", "parcel.heightLimit", { required: false })}
          {text("startPrice", "parcel.startPrice", { inputMode: "decimal" })}
          {text("increment", "parcel.increment", { inputMode: "decimal" })}
          {text("deposit", "parcel.deposit", { inputMode: "decimal" })}
          <label className="field">
            <span className="field-label">{t("parcel.qualificationMode")}</span>
            <select value={f.qualificationMode} onChange={set("qualificationMode")} data-testid="parcel-qualificationMode">
              <option value="before">{t("parcel.qm.before")}</option>
              <option value="after">{t("parcel.qm.after")}</option>
            </select>
          </label>
          {text("listingStart", "parcel.listingStart", { type: "datetime-local" })}
          {text("listingEnd", "parcel.listingEnd", { type: "datetime-local" })}
          {text("depositCutoff", "parcel.depositCutoff", { type: "datetime-local" })}
        </div>
        <fieldset className="fieldset">
          <legend>{t("parcel.rules")}</legend>
          <div className="form-grid">
            {text("announceLeadDays", "parcel.announceLeadDays", { type: "number" })}
            {text("listingMinWorkingDays", "parcel.listingMinWorkingDays", { type: "number" })}
            {text("freezeMinutes", "parcel.freezeMinutes", { type: "number" })}
            {text("intentWindowMinutes", "parcel.intentWindowMinutes", { type: "number" })}
            {text("countdownMinutes", "parcel.countdownMinutes", { type: "number" })}
            {text("reserveWindowHours", "parcel.reserveWindowHours", { type: "number" })}
          </div>
        </fieldset>
        {local && <p className="field-error">{local}</p>}
        {problem && <ProblemMessage problem={problem} testId="parcel-error" />}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="parcel-save">
            {t("parcel.create")}
          </button>
          <button type="button" className="btn" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </section>
  );
}
