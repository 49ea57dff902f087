import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import type { Role } from './api/types';
import { homeOf } from './auth/home';
import { AsOfPage } from './audit/as-of-page';
import { ChainPage } from './audit/chain-page';
import { DiffPage } from './audit/diff-page';
import { ExportPage } from './audit/export-page';
import { ReplayPage } from './audit/replay-page';
import { TimelinePage } from './audit/timeline-page';
import { SessionProvider, useSession } from './auth/session-context';
import { SignInPage } from './auth/sign-in-page';
import { Layout } from './components/layout';
import { Notice, Page } from './components/page';
import { ResultPage } from './insurer/result-page';
import { InsurerHome, SelfEvaluationPage } from './insurer/self-evaluation-page';
import { CalculationPage } from './national/calculation-page';
import { CorrectionsPage } from './national/corrections-page';
import { FilesPage } from './national/files-page';
import { OpenYearPage } from './national/open-year-page';
import { RequestsPage } from './national/requests-page';
import { YearBoardPage } from './national/year-board-page';
import { YearsPage } from './national/years-page';
import { PrefectureHome, StatusBoardPage } from './prefecture/status-board-page';
import { ReviewQueuePage } from './review/review-queue-page';
import { ReviewSubmissionPage } from './review/review-submission-page';
import { SubmissionDetailPage } from './prefecture/submission-detail-page';
import { AnswersImportPage } from './prefecture/answers-import-page';
import { MunicipalResultsPage } from './prefecture/municipal-results-page';
import { OwnSubmissionPage } from './prefecture/own-submission-page';
import { RequestsPage as PrefectureRequestsPage } from './prefecture/requests-page';
import { PrefectureYearRedirect } from './prefecture/year-redirect';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, staleTime: 5_000, refetchOnWindowFocus: true } },
});

/** Signed-in pages only; a page of another role sends the user to their own start page. */
function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { session } = useSession();
  if (!session) return <Navigate to="/app/sign-in" replace />;
  if (!roles.includes(session.role)) return <Navigate to={homeOf(session.role)} replace />;
  return children;
}

function Home() {
  const { session } = useSession();
  return <Navigate to={session ? homeOf(session.role) : '/app/sign-in'} replace />;
}

function NotFound() {
  return (
    <Page title="ページが見つかりません">
      <Notice>アドレスを確認するか、メニューから選んでください。</Notice>
    </Page>
  );
}

const NATIONAL: readonly Role[] = ['national-admin', 'national-reviewer', 'auditor'];
const ANY: readonly Role[] = ['national-admin', 'national-reviewer', 'auditor', 'prefecture', 'insurer'];

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/app" element={<Home />} />
            <Route path="/app/sign-in" element={<SignInPage />} />
            <Route element={<RequireRole roles={ANY}><Layout /></RequireRole>}>
              <Route path="/app/prefecture" element={<RequireRole roles={['prefecture']}><PrefectureHome /></RequireRole>} />
              <Route path="/app/prefecture/:fiscalYear" element={<RequireRole roles={['prefecture']}><StatusBoardPage /></RequireRole>} />
              <Route path="/app/prefecture/:fiscalYear/submissions/:insurerCode" element={<RequireRole roles={['prefecture']}><SubmissionDetailPage /></RequireRole>} />
              <Route path="/app/prefecture-import" element={<RequireRole roles={['prefecture']}><PrefectureYearRedirect base="/app/prefecture-import" /></RequireRole>} />
              <Route path="/app/prefecture-import/:fiscalYear" element={<RequireRole roles={['prefecture']}><AnswersImportPage /></RequireRole>} />
              <Route path="/app/prefecture-own" element={<RequireRole roles={['prefecture']}><PrefectureYearRedirect base="/app/prefecture-own" /></RequireRole>} />
              <Route path="/app/prefecture-own/:fiscalYear" element={<RequireRole roles={['prefecture']}><OwnSubmissionPage /></RequireRole>} />
              <Route path="/app/prefecture-requests" element={<RequireRole roles={['prefecture']}><PrefectureYearRedirect base="/app/prefecture-requests" phases={['requests_open', 'draft_published']} /></RequireRole>} />
              <Route path="/app/prefecture-requests/:fiscalYear" element={<RequireRole roles={['prefecture']}><PrefectureRequestsPage /></RequireRole>} />
              <Route path="/app/prefecture-results" element={<RequireRole roles={['prefecture']}><PrefectureYearRedirect base="/app/prefecture-results" phases={['scored', 'allocated', 'draft_published', 'requests_open', 'requests_closed', 'finalized']} /></RequireRole>} />
              <Route path="/app/prefecture-results/:fiscalYear" element={<RequireRole roles={['prefecture']}><MunicipalResultsPage /></RequireRole>} />
              <Route path="/app/insurer" element={<RequireRole roles={['insurer']}><InsurerHome /></RequireRole>} />
              <Route path="/app/results" element={<RequireRole roles={['insurer']}><ResultPage /></RequireRole>} />
              <Route path="/app/insurer/:fiscalYear" element={<RequireRole roles={['insurer']}><SelfEvaluationPage /></RequireRole>} />
              <Route path="/app/national" element={<RequireRole roles={NATIONAL}><YearsPage /></RequireRole>} />
              <Route path="/app/national/:fiscalYear" element={<RequireRole roles={NATIONAL}><YearBoardPage /></RequireRole>} />
              <Route path="/app/national/:fiscalYear/calculations" element={<RequireRole roles={NATIONAL}><CalculationPage /></RequireRole>} />
              <Route path="/app/national/open" element={<RequireRole roles={['national-admin']}><OpenYearPage /></RequireRole>} />
              <Route path="/app/national/:fiscalYear/files" element={<RequireRole roles={['national-admin', 'national-reviewer']}><FilesPage /></RequireRole>} />
              <Route path="/app/national/:fiscalYear/requests" element={<RequireRole roles={NATIONAL}><RequestsPage /></RequireRole>} />
              <Route path="/app/national/:fiscalYear/corrections" element={<RequireRole roles={['national-admin', 'auditor']}><CorrectionsPage /></RequireRole>} />
              <Route path="/app/review" element={<RequireRole roles={['national-reviewer', 'national-admin']}><ReviewQueuePage /></RequireRole>} />
              <Route path="/app/review/:fiscalYear/:insurerCode" element={<RequireRole roles={['national-reviewer', 'national-admin']}><ReviewSubmissionPage /></RequireRole>} />
              <Route path="/app/audit" element={<RequireRole roles={NATIONAL}><ChainPage /></RequireRole>} />
              <Route path="/app/audit/replay" element={<RequireRole roles={NATIONAL}><ReplayPage /></RequireRole>} />
              <Route path="/app/audit/timeline" element={<RequireRole roles={NATIONAL}><TimelinePage /></RequireRole>} />
              <Route path="/app/audit/as-of" element={<RequireRole roles={NATIONAL}><AsOfPage /></RequireRole>} />
              <Route path="/app/audit/diff" element={<RequireRole roles={NATIONAL}><DiffPage /></RequireRole>} />
              <Route path="/app/audit/export" element={<RequireRole roles={NATIONAL}><ExportPage /></RequireRole>} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  );
}
