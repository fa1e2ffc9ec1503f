// Fillers that carry no topic: pronouns, particles and politeness. They are dropped
// before matching so that "cho em hỏi với ạ" neither helps a match nor, being rare in
// the knowledge base, makes an in-scope question look out of scope.
// Folded forms, so a word is listed only when every word that folds onto it is a
// filler too: "nha" (nhà), "con", "sao" (bản sao), "do" (sổ đỏ), "lai" (cấp lại) stay out.
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a ah ak ad admin bn em toi tui minh anh chi oi nhe nhi ne ha u uh voi hoi thi la gi nao the nhu
   ok oke okie okay khong duoc da roi nhung cac cai nay kia luon nua thoi vui long`.split(/\s+/),
);
